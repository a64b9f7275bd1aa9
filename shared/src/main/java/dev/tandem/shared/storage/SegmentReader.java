package dev.tandem.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.aggregate.Aggregation;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.EventTimes;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * Reads a raw segment's lines back into envelopes: the envelope's fields straight off the parser,
 * only the payload as a tree (the fold reads it). Reading every line as one tree and then picking
 * its fields was a third of a batch recompute's CPU, most of it nodes made to be thrown away.
 * Fields may come in any order; unknown ones are skipped, a missing one fails the line.
 */
final class SegmentReader {

    private SegmentReader() {
    }

    /**
     * With {@code foldFor} not null, each payload keeps only the top-level properties its fields
     * start with, and each envelope has its inputs.
     */
    static List<Envelope> read(InputStream decompressed, Aggregation foldFor) throws IOException {
        Set<String> keep = foldFor == null ? null : foldFor.payloadProperties();
        List<Envelope> out = new ArrayList<>();
        // One parser over the whole stream: no line strings, one value after another.
        try (JsonParser p = Json.mapper().createParser(decompressed)
                // Lines Tandem wrote: each payload passed the decoder's duplicate-key check before it was
                // landed, so the check is not paid again for every name of every line (a twentieth of a recompute).
                .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)) {
            int line = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                line++;
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("Raw segment line " + line + " is not an envelope: not a JSON object");
                }
                out.add(envelope(p, line, keep, foldFor));
            }
        } catch (JsonProcessingException e) {
            throw new IOException("Raw segment is not NDJSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    private static Envelope envelope(JsonParser p, int line, Set<String> keep, Aggregation foldFor) throws IOException {
        String id = null;
        String time = null;
        List<String> group = null;
        String topic = null;
        Integer partition = null;
        Long offset = null;
        String producedAt = null;
        Integer schemaVersion = null;
        String traceparent = null;
        JsonNode payload = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> id = scalar(p, name, line);
                case "time" -> time = scalar(p, name, line);
                case "group" -> group = group(p, line);
                case "topic" -> topic = scalar(p, name, line);
                case "partition" -> partition = p.getValueAsInt();
                case "offset" -> offset = p.getValueAsLong();
                case "producedAt" -> producedAt = scalar(p, name, line);
                case "schemaVersion" -> schemaVersion = p.getValueAsInt();
                case "traceparent" -> traceparent = value == JsonToken.VALUE_NULL ? null : scalar(p, name, line);
                case "payload" -> payload = keep == null || value != JsonToken.START_OBJECT ? Json.mapper().readTree(p)
                        : projected(p, keep);
                default -> p.skipChildren();
            }
        }
        if (id == null || time == null || group == null || topic == null || partition == null || offset == null
                || producedAt == null || schemaVersion == null || payload == null) {
            throw new IOException("Raw segment line " + line + " is not an envelope: it lacks "
                    + missing(id, time, group, topic, partition, offset, producedAt, schemaVersion, payload));
        }
        return new Envelope(id, millis(time, line), GroupKey.of(group), new SourceCoordinates(topic, partition, offset),
                millis(producedAt, line), schemaVersion, Optional.ofNullable(traceparent), payload, null,
                foldFor == null ? null : foldFor.inputs(payload));
    }

    /** The payload object with only the {@code keep} properties built; the parser skips the others. */
    private static ObjectNode projected(JsonParser p, Set<String> keep) throws IOException {
        ObjectNode node = Json.mapper().getNodeFactory().objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            if (keep.contains(name)) {
                node.set(name, Json.mapper().readTree(p));
            } else {
                p.skipChildren();
            }
        }
        return node;
    }

    private static String scalar(JsonParser p, String name, int line) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            throw new IOException("Raw segment line " + line + " is not an envelope: " + name + " is not a value");
        }
        return p.getValueAsString();
    }

    private static List<String> group(JsonParser p, int line) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("Raw segment line " + line + " is not an envelope: group is not an array");
        }
        List<String> values = new ArrayList<>(2);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            values.add(t == JsonToken.VALUE_NULL ? null : scalar(p, "a group value", line));
        }
        return values;
    }

    private static long millis(String instant, int line) throws IOException {
        Long ms = EventTimes.epochMillis(instant);
        if (ms == null) {
            throw new IOException("Raw segment line " + line + " is not an envelope: not an instant: " + instant);
        }
        return ms;
    }

    private static String missing(Object... fields) {
        String[] names = {"id", "time", "group", "topic", "partition", "offset", "producedAt", "schemaVersion",
            "payload"};
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (fields[i] == null) {
                absent.add(names[i]);
            }
        }
        return String.join(", ", absent);
    }
}
