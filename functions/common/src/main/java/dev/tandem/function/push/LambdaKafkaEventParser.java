package dev.tandem.function.push;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * Reads the AWS Lambda Kafka event-source payload (MSK and self-managed Kafka):
 * {@code {"eventSource": ..., "records": {"<topic>-<partition>": [{"topic", "partition", "offset",
 * "timestamp", "key", "value", "headers"}]}}} with base64 key and value and headers as
 * {@code [{"name": [byte, ...]}]}.
 */
public final class LambdaKafkaEventParser {

    private LambdaKafkaEventParser() {
    }

    public static PushedBatch parse(JsonNode body, String topic) {
        if (!body.isObject()) {
            throw new MalformedPushException("", "the body must be a JSON object with a \"records\" field");
        }
        JsonNode records = body.get("records");
        if (records == null || !records.isObject()) {
            throw new MalformedPushException("records", "must be an object of \"<topic>-<partition>\" → list of records");
        }
        Map<Integer, List<RawRecord>> byPartition = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = records.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> group = it.next();
            String at = "records[\"" + group.getKey() + "\"]";
            if (!group.getValue().isArray()) {
                throw new MalformedPushException(at, "must be a list of records");
            }
            for (int i = 0; i < group.getValue().size(); i++) {
                RawRecord r = record(group.getValue().get(i), at + "[" + i + "]", topic);
                byPartition.computeIfAbsent(r.source().partition(), p -> new ArrayList<>()).add(r);
            }
        }
        byPartition.values().forEach(l -> l.sort(Comparator.comparingLong(r -> r.source().offset())));
        return new PushedBatch(byPartition);
    }

    private static RawRecord record(JsonNode r, String at, String topic) {
        if (!r.isObject()) {
            throw new MalformedPushException(at, "must be a record object");
        }
        String recordTopic = PushFields.text(r, at, "topic");
        if (!recordTopic.equals(topic)) {
            throw new MalformedPushException(at + ".topic", "'" + recordTopic + "' is not this pipeline's topic '" + topic + "'");
        }
        int partition = (int) PushFields.whole(r, at, "partition", Integer.MAX_VALUE);
        long offset = PushFields.whole(r, at, "offset", Long.MAX_VALUE);
        long timestamp = r.has("timestamp") ? PushFields.whole(r, at, "timestamp", Long.MAX_VALUE) : System.currentTimeMillis();
        byte[] key = r.hasNonNull("key") ? base64(r.get("key"), at + ".key") : null;
        byte[] value = r.hasNonNull("value") ? base64(r.get("value"), at + ".value") : null;
        List<RecordHeader> headers = new ArrayList<>();
        JsonNode hs = r.get("headers");
        if (hs != null && !hs.isNull()) {
            if (!hs.isArray()) {
                throw new MalformedPushException(at + ".headers", "must be a list of {\"name\": [bytes]}");
            }
            for (int i = 0; i < hs.size(); i++) {
                JsonNode h = hs.get(i);
                if (!h.isObject()) {
                    throw new MalformedPushException(at + ".headers[" + i + "]", "must be {\"name\": [bytes]}");
                }
                for (Iterator<Map.Entry<String, JsonNode>> f = h.fields(); f.hasNext();) {
                    Map.Entry<String, JsonNode> e = f.next();
                    headers.add(new RecordHeader(e.getKey(), bytes(e.getValue(), at + ".headers[" + i + "]." + e.getKey())));
                }
            }
        }
        return new RawRecord(new SourceCoordinates(topic, partition, offset), timestamp, key, value, headers);
    }

    private static byte[] base64(JsonNode node, String at) {
        if (!node.isTextual()) {
            throw new MalformedPushException(at, "must be base64 text");
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new MalformedPushException(at, "is not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static byte[] bytes(JsonNode node, String at) {
        if (!node.isArray()) {
            throw new MalformedPushException(at, "must be a list of byte values");
        }
        byte[] out = new byte[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode b = node.get(i);
            if (!b.canConvertToInt() || b.intValue() < -128 || b.intValue() > 255) {
                throw new MalformedPushException(at + "[" + i + "]", "is not a byte value");
            }
            out[i] = (byte) b.intValue();
        }
        return out;
    }
}
