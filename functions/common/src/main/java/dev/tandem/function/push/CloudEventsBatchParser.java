package dev.tandem.function.push;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.definition.SourceFormat;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

/**
 * Reads a CloudEvents JSON batch ({@code application/cloudevents-batch+json}): a JSON array of
 * structured-mode events, each read by the CloudEvents SDK. Each must say where it was read:
 * the extensions {@code kafkapartition} and {@code kafkaoffset} (and optionally {@code kafkatopic}),
 * or a Knative KafkaSource subject {@code partition:<p>#<offset>}.
 */
public final class CloudEventsBatchParser {

    public static final String CONTENT_TYPE = "application/cloudevents-batch+json";
    private static final Pattern KNATIVE_SUBJECT = Pattern.compile("partition:(\\d+)#(\\d+)");
    private static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private CloudEventsBatchParser() {
    }

    public static PushedBatch parse(JsonNode body, String topic, SourceFormat format) {
        if (!body.isArray()) {
            throw new MalformedPushException("", "a CloudEvents batch must be a JSON array of events");
        }
        Map<Integer, List<RawRecord>> byPartition = new TreeMap<>();
        for (int i = 0; i < body.size(); i++) {
            String at = "[" + i + "]";
            byte[] bytes;
            try {
                bytes = Json.mapper().writeValueAsBytes(body.get(i));
            } catch (JsonProcessingException e) {
                throw new MalformedPushException(at, e.getOriginalMessage());
            }
            if (!body.get(i).isObject()) {
                throw new MalformedPushException(at, "is not a valid CloudEvent: a CloudEvent is a JSON object, not "
                        + body.get(i).getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            CloudEvent event;
            try {
                event = FORMAT.deserialize(bytes);
            } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
                throw new MalformedPushException(at, "is not a valid CloudEvent: " + plain(e));
            }
            RawRecord r = record(event, bytes, at, topic, format);
            byPartition.computeIfAbsent(r.source().partition(), p -> new ArrayList<>()).add(r);
        }
        byPartition.values().forEach(l -> l.sort(Comparator.comparingLong(r -> r.source().offset())));
        return new PushedBatch(byPartition);
    }

    private static RawRecord record(CloudEvent event, byte[] structured, String at, String topic, SourceFormat format) {
        Object eventTopic = event.getExtension("kafkatopic");
        if (eventTopic != null && !eventTopic.toString().equals(topic)) {
            throw new MalformedPushException(at + ".kafkatopic", "'" + eventTopic + "' is not this pipeline's topic '"
                    + topic + "'");
        }
        long partition;
        long offset;
        Object p = event.getExtension("kafkapartition");
        Object o = event.getExtension("kafkaoffset");
        if (p != null && o != null) {
            partition = number(p, at + ".kafkapartition");
            offset = number(o, at + ".kafkaoffset");
        } else {
            Matcher m = event.getSubject() == null ? null : KNATIVE_SUBJECT.matcher(event.getSubject());
            if (m == null || !m.matches()) {
                throw new MalformedPushException(at, "says not where it was read: give the extensions kafkapartition"
                        + " and kafkaoffset, or a subject partition:<p>#<offset>");
            }
            partition = Long.parseLong(m.group(1));
            offset = Long.parseLong(m.group(2));
        }
        if (partition > Integer.MAX_VALUE) {
            throw new MalformedPushException(at + ".kafkapartition", "is out of range");
        }
        long time = event.getTime() != null ? event.getTime().toInstant().toEpochMilli() : System.currentTimeMillis();
        List<RecordHeader> headers = new ArrayList<>();
        byte[] value;
        if (format == SourceFormat.CLOUDEVENTS) {
            value = structured;
            headers.add(RecordHeader.of("content-type", JsonFormat.CONTENT_TYPE));
        } else {
            if (event.getData() == null) {
                throw new MalformedPushException(at + ".data", "is missing: the event is the data");
            }
            value = event.getData().toBytes();
            Object trace = event.getExtension(RecordDecoder.TRACEPARENT);
            if (trace != null) {
                headers.add(RecordHeader.of(RecordDecoder.TRACEPARENT, trace.toString()));
            }
            Object version = event.getExtension(RecordDecoder.SCHEMA_VERSION_EXTENSION);
            if (version != null) {
                headers.add(RecordHeader.of(RecordDecoder.SCHEMA_VERSION_HEADER, version.toString()));
            }
        }
        return new RawRecord(new SourceCoordinates(topic, (int) partition, offset), time, null, value, headers);
    }

    private static long number(Object value, String at) {
        String text = value.toString();
        if (!text.matches("\\d{1,19}")) {
            throw new MalformedPushException(at, "must be a whole number (was: " + text + ")");
        }
        return Long.parseLong(text);
    }

    /**
     * The CloudEvents SDK's reason without the JSON library's internals (class names, token names,
     * source locations), which mean nothing to the caller: its first line, up to where Jackson's
     * detail starts.
     */
    static String plain(Exception e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : String.valueOf(e.getMessage());
        String first = message.lines().findFirst().orElse("").strip();
        int internals = indexOfAny(first, "`com.", "`java.", "com.fasterxml", "(token", " at [Source");
        String plain = (internals < 0 ? first : first.substring(0, internals)).strip();
        return plain.isEmpty() || plain.endsWith("type") || plain.endsWith("of") ? "its attributes do not match the"
                + " CloudEvents JSON format (specversion, id, source and type are required strings)" : plain;
    }

    private static int indexOfAny(String s, String... needles) {
        int at = -1;
        for (String n : needles) {
            int i = s.indexOf(n);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        return at;
    }
}
