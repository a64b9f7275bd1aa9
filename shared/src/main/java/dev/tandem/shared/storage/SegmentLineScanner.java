package dev.tandem.shared.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.EventTimes;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * Reads a segment line for the fold straight off its bytes, when it is in the form
 * {@link SegmentLine} writes: the envelope's fields in their order, plain strings, the payload an
 * object, of which only the properties the fold reads are built. Tokenising every line with Jackson
 * was two thirds of reading a segment, and a recompute is mostly reading segments.
 *
 * <p>Jackson stays the reference ({@code SegmentReader}): this reader answers null for any line it
 * cannot read exactly as Jackson would — an escape in a string it would build, an envelope string
 * that is not plain ASCII, a name out of order, a number too long, anything malformed — and the line
 * is read with Jackson. So it may refuse what Jackson reads, never read what Jackson refuses, and where it reads a
 * line it makes the envelope Jackson makes (the differential test in {@code SegmentLineScannerTest}).
 * The payload's values are built or skipped by {@link JsonBytes}, which checks what it skips.
 */
final class SegmentLineScanner extends JsonBytes {

    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] TIME = ascii("\",\"time\":\"");
    private static final byte[] GROUP = ascii("\",\"group\":[");
    private static final byte[] TOPIC = ascii("],\"topic\":\"");
    private static final byte[] PARTITION = ascii("\",\"partition\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] PRODUCED_AT = ascii(",\"producedAt\":\"");
    private static final byte[] SCHEMA_VERSION = ascii("\",\"schemaVersion\":");
    private static final byte[] TRACEPARENT = ascii(",\"traceparent\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");
    /** A name with an escape in it: it may spell a kept one. */
    private static final int ESCAPED = -2;

    private final SegmentReader.LineContext context;
    private final byte[][] keep;
    private final String[] keepNames;
    private final char[] instant = new char[40];

    SegmentLineScanner(SegmentReader.LineContext context) {
        this.context = context;
        this.keepNames = context.keep.toArray(String[]::new);
        this.keep = new byte[keepNames.length][];
        for (int i = 0; i < keepNames.length; i++) {
            keep[i] = keepNames[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The envelope of the line starting at {@code from}, which ends at its line break or at {@code to};
     * null to read it with Jackson. After an envelope, {@link #next()} is where the next line starts.
     * No token takes in a line break, so the reader never reads into the next line.
     */
    Envelope scan(byte[] bytes, int from, int to) {
        this.b = bytes;
        this.at = from;
        this.end = to;
        try {
            return envelope();
        } catch (ArrayIndexOutOfBoundsException e) {
            // The segment's last line cut short: the reader ran off the bytes' end.
            return null;
        }
    }

    /** Where the line after the last envelope read starts. */
    int next() {
        return at;
    }

    private Envelope envelope() {
        if (!expect(ID)) {
            return null;
        }
        String id = plainString();
        if (id == null || !expect(TIME)) {
            return null;
        }
        long time = instant();
        if (time == Long.MIN_VALUE || !expect(GROUP)) {
            return null;
        }
        List<String> group = group();
        if (group == null || !expect(TOPIC)) {
            return null;
        }
        String topic = topic();
        if (topic == null || !expect(PARTITION)) {
            return null;
        }
        long partition = whole(9);
        if (partition == Long.MIN_VALUE || !expect(OFFSET)) {
            return null;
        }
        long offset = whole(18);
        if (offset == Long.MIN_VALUE || !expect(PRODUCED_AT)) {
            return null;
        }
        long producedAt = instant();
        if (producedAt == Long.MIN_VALUE || !expect(SCHEMA_VERSION)) {
            return null;
        }
        long schemaVersion = whole(9);
        if (schemaVersion == Long.MIN_VALUE) {
            return null;
        }
        String traceparent = null;
        if (expect(TRACEPARENT)) {
            if (literal("null")) {
                traceparent = null;
            } else if (b[at++] != '"' || (traceparent = plainString()) == null || b[at++] != '"') {
                return null;
            }
        }
        if (!expect(PAYLOAD)) {
            return null;
        }
        ObjectNode payload = payload();
        if (payload == null || b[at++] != '}') {
            return null;
        }
        whitespace();
        if (at < end && b[at] == '\n') {
            at++;
        } else if (at != end) {
            return null;
        }
        return new Envelope(id, time, context.group(group), new SourceCoordinates(topic, (int) partition, offset),
                producedAt, (int) schemaVersion, Optional.ofNullable(traceparent), payload, null,
                context.foldFor.inputs(payload));
    }

    /** The group's values, each a plain string or null; the reader stands after the closing bracket's byte. */
    private List<String> group() {
        List<String> values = new ArrayList<>(2);
        if (b[at] == ']') {
            return values;
        }
        while (true) {
            if (literal("null")) {
                values.add(null);
            } else {
                if (b[at++] != '"') {
                    return null;
                }
                String v = plainString();
                if (v == null || b[at++] != '"') {
                    return null;
                }
                values.add(v);
            }
            if (b[at] == ']') {
                return values;
            }
            if (b[at++] != ',') {
                return null;
            }
        }
    }

    /** The segment's topic: one string per segment, not one per line. */
    private String topic() {
        int start = at;
        int n = plainLength();
        if (n < 0) {
            return null;
        }
        at = start + n;
        String known = context.topic;
        if (known != null && known.length() == n) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = known.charAt(i) == b[start + i];
            }
            if (same) {
                return known;
            }
        }
        context.topic = new String(b, start, n, StandardCharsets.ISO_8859_1);
        return context.topic;
    }

    /** A string of printable ASCII but {@code "} and {@code \}, up to (not past) its closing quote; else null. */
    private String plainString() {
        int start = at;
        int n = plainLength();
        if (n < 0) {
            return null;
        }
        at = start + n;
        return new String(b, start, n, StandardCharsets.ISO_8859_1);
    }

    /** The length of the plain string from here to its closing quote, or -1. */
    private int plainLength() {
        for (int i = at; i < end; i++) {
            int c = b[i];
            if (c == '"') {
                return i - at;
            }
            if (c < 0x20 || c > 0x7E || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** An instant up to its closing quote (not past it), as {@link EventTimes#epochMillis} reads it; else MIN_VALUE. */
    private long instant() {
        int n = plainLength();
        if (n < 0 || n > instant.length) {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < n; i++) {
            instant[i] = (char) b[at + i];
        }
        at += n;
        Long ms = EventTimes.epochMillis(instant, 0, n);
        return ms == null ? Long.MIN_VALUE : ms;
    }

    /**
     * A whole number of at most {@code maxDigits} digits, as JSON writes one; else MIN_VALUE. Not a
     * negative one: the envelope refuses it, and that is Jackson's reader's to say.
     */
    private long whole(int maxDigits) {
        int i = at;
        long v = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i++] - '0');
        }
        int digits = i - at;
        if (digits == 0 || digits > maxDigits || (digits > 1 && b[at] == '0')
                || (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'))) {
            return Long.MIN_VALUE;
        }
        at = i;
        return v;
    }

    /**
     * The payload object with only the kept properties built, the reader after its closing brace; null
     * if a kept value is not one this reader builds, or anything is off.
     */
    private ObjectNode payload() {
        whitespace();
        if (b[at++] != '{') {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        whitespace();
        if (b[at] == '}') {
            at++;
            return node;
        }
        while (true) {
            if (b[at++] != '"') {
                return null;
            }
            int nameStart = at;
            if (!skipString()) {
                return null;
            }
            int kept = kept(nameStart, at - 1);
            if (kept == ESCAPED) {
                return null;
            }
            whitespace();
            if (b[at++] != ':') {
                return null;
            }
            whitespace();
            if (kept >= 0) {
                JsonNode value = value(0);
                if (value == null) {
                    return null;
                }
                node.set(keepNames[kept], value);
            } else if (!skipValue(0)) {
                return null;
            }
            whitespace();
            byte c = b[at++];
            if (c == '}') {
                return node;
            }
            if (c != ',') {
                return null;
            }
            whitespace();
        }
    }

    /** Which kept name the raw name bytes {@code [from, to)} are; -1 for none, {@link #ESCAPED} for Jackson to tell. */
    private int kept(int from, int to) {
        for (int k = 0; k < keep.length; k++) {
            byte[] name = keep[k];
            if (name.length == to - from && same(from, name)) {
                return k;
            }
        }
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return ESCAPED;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
