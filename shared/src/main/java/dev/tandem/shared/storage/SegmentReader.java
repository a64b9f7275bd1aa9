package dev.tandem.shared.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return read(Json.mapper().createParser(decompressed), foldFor);
    }

    /**
     * As above, over the first {@code length} bytes of {@code ndjson}. For a fold, each line is read
     * by {@link SegmentLineScanner} where it can, by Jackson where it cannot; if Jackson cannot read a
     * line on its own either (a value over several lines, a malformed one), the whole segment is read
     * by Jackson, as before, so what is read or refused and the error it gives stay Jackson's.
     */
    static List<Envelope> read(byte[] ndjson, int length, Aggregation foldFor) throws IOException {
        if (foldFor != null) {
            List<Envelope> lines = lines(ndjson, length, foldFor);
            if (lines != null) {
                return lines;
            }
        }
        return jackson(ndjson, length, foldFor);
    }

    /** Jackson's envelopes of the first {@code length} bytes of {@code ndjson}: the reference. */
    static List<Envelope> jackson(byte[] ndjson, int length, Aggregation foldFor) throws IOException {
        return read(Json.mapper().createParser(ndjson, 0, length), foldFor);
    }

    /** The envelopes of a segment read line by line, or null where a line is not one JSON object. */
    private static List<Envelope> lines(byte[] ndjson, int length, Aggregation foldFor) throws IOException {
        LineContext context = new LineContext(foldFor.payloadProperties(), foldFor);
        SegmentLineScanner scanner = new SegmentLineScanner(context);
        List<Envelope> out = new ArrayList<>();
        int line = 0;
        for (int from = 0; from < length; ) {
            Envelope e = scanner.scan(ndjson, from, length);
            if (e != null) {
                line++;
                out.add(e);
                from = scanner.next();
                continue;
            }
            int to = from;
            while (to < length && ndjson[to] != '\n') {
                to++;
            }
            if (!blank(ndjson, from, to)) {
                line++;
                e = jacksonLine(ndjson, from, to, line, context);
                if (e == null) {
                    return null;
                }
                out.add(e);
            }
            from = to + 1;
        }
        return out;
    }

    /** Jackson's envelope of the line {@code [from, to)}; null if the line is not one JSON object. */
    private static Envelope jacksonLine(byte[] ndjson, int from, int to, int line, LineContext context) {
        try (JsonParser p = Json.mapper().createParser(ndjson, from, to - from)
                .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Envelope e = envelope(p, line, context);
            return p.nextToken() == null ? e : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static List<Envelope> read(JsonParser parser, Aggregation foldFor) throws IOException {
        LineContext context = new LineContext(foldFor == null ? null : foldFor.payloadProperties(), foldFor);
        List<Envelope> out = new ArrayList<>();
        // One parser over the whole segment: no line strings, one value after another.
        try (JsonParser p = parser
                // Lines Tandem wrote: each payload passed the decoder's duplicate-key check before it was
                // landed, so the check is not paid again for every name of every line (a twentieth of a recompute).
                .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)) {
            int line = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                line++;
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("Raw segment line " + line + " is not an envelope: not a JSON object");
                }
                out.add(envelope(p, line, context));
            }
        } catch (JsonProcessingException e) {
            throw new IOException("Raw segment is not NDJSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    /** The envelope's fields in the order the writer puts them: each line is read by matching these bytes. */
    private static final FieldOrder ENVELOPE_ORDER = FieldOrder.of("id", "time", "group", "topic", "partition",
            "offset", "producedAt", "schemaVersion", "traceparent", "payload");

    /** What one read keeps from line to line: the same values are made once, not once a line. */
    static final class LineContext {
        final Set<String> keep;
        final Aggregation foldFor;
        /** The payload's property names in the order the first lines gave them. */
        final FieldOrder payloadOrder = FieldOrder.learned();
        final Map<List<String>, GroupKey> groups = new HashMap<>();
        String topic;

        LineContext(Set<String> keep, Aggregation foldFor) {
            this.keep = keep;
            this.foldFor = foldFor;
        }

        /** One key per distinct group of the segment: its canonical text is made once. */
        GroupKey group(List<String> values) {
            GroupKey key = groups.get(values);
            if (key == null) {
                key = GroupKey.of(values);
                groups.put(values, key);
            }
            return key;
        }

        /** The segment's topic as one string, not one per line. */
        String topic(JsonParser p, int line) throws IOException {
            if (topic == null || p.currentToken() != JsonToken.VALUE_STRING || !sameText(p, topic)) {
                topic = scalar(p, "topic", line);
            }
            return topic;
        }
    }

    private static Envelope envelope(JsonParser p, int line, LineContext context) throws IOException {
        String id = null;
        long time = Long.MIN_VALUE;
        GroupKey group = null;
        String topic = null;
        Integer partition = null;
        Long offset = null;
        long producedAt = Long.MIN_VALUE;
        Integer schemaVersion = null;
        String traceparent = null;
        JsonNode payload = null;
        FieldOrder.Cursor names = ENVELOPE_ORDER.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> id = scalar(p, name, line);
                case "time" -> time = millis(p, name, line);
                case "group" -> group = context.group(group(p, line));
                case "topic" -> topic = context.topic(p, line);
                case "partition" -> partition = p.getValueAsInt();
                case "offset" -> offset = p.getValueAsLong();
                case "producedAt" -> producedAt = millis(p, name, line);
                case "schemaVersion" -> schemaVersion = p.getValueAsInt();
                case "traceparent" -> traceparent = value == JsonToken.VALUE_NULL ? null : scalar(p, name, line);
                case "payload" -> payload = context.keep == null || value != JsonToken.START_OBJECT
                        ? Json.mapper().readTree(p) : projected(p, context);
                default -> p.skipChildren();
            }
        }
        if (id == null || time == Long.MIN_VALUE || group == null || topic == null || partition == null
                || offset == null || producedAt == Long.MIN_VALUE || schemaVersion == null || payload == null) {
            throw new IOException("Raw segment line " + line + " is not an envelope: it lacks "
                    + missing(id, time == Long.MIN_VALUE ? null : time, group, topic, partition, offset,
                            producedAt == Long.MIN_VALUE ? null : producedAt, schemaVersion, payload));
        }
        return new Envelope(id, time, group, new SourceCoordinates(topic, partition, offset), producedAt, schemaVersion,
                Optional.ofNullable(traceparent), payload, null,
                context.foldFor == null ? null : context.foldFor.inputs(payload));
    }

    /** The payload object with only the {@code keep} properties built; the parser skips the others. */
    private static ObjectNode projected(JsonParser p, LineContext context) throws IOException {
        ObjectNode node = Json.mapper().getNodeFactory().objectNode();
        FieldOrder.Cursor names = context.payloadOrder.cursor();
        for (String name = names.next(p); name != null; name = names.next(p)) {
            p.nextToken();
            if (context.keep.contains(name)) {
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

    /** An instant read off the parser's own characters: no string for it. */
    private static long millis(JsonParser p, String name, int line) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("Raw segment line " + line + " is not an envelope: " + name + " is not an instant: "
                    + p.getText());
        }
        Long ms = EventTimes.epochMillis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (ms == null) {
            throw new IOException("Raw segment line " + line + " is not an envelope: " + name + " is not an instant: "
                    + p.getText());
        }
        return ms;
    }

    /** Whether the parser's current string value is {@code text}, read off its characters. */
    private static boolean sameText(JsonParser p, String text) throws IOException {
        int n = p.getTextLength();
        if (n != text.length()) {
            return false;
        }
        char[] chars = p.getTextCharacters();
        int at = p.getTextOffset();
        for (int i = 0; i < n; i++) {
            if (chars[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
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
