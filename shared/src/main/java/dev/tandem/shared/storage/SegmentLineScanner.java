package dev.tandem.shared.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.json.JsonBytes;
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
 * is read with Jackson. So it may refuse what Jackson reads, never read what Jackson refuses, and
 * where it reads a line it makes the envelope Jackson makes (the differential test in
 * {@code SegmentLineScannerTest}). The payload's values are built or skipped by {@link JsonBytes},
 * which checks what it skips.
 */
final class SegmentLineScanner extends JsonBytes {

    /** The generator writes an absent trace context as null; {@link SegmentLine} leaves it out. */
    private static final byte[] NO_TRACEPARENT = SegmentLine.ascii(",\"traceparent\":null");

    private final SegmentReader.LineContext context;
    private final Names keep;
    private final char[] instant = new char[40];

    SegmentLineScanner(SegmentReader.LineContext context) {
        this.context = context;
        this.keep = new Names(context.keep);
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
        if (!expect(SegmentLine.ID)) {
            return null;
        }
        String id = plainString();
        if (id == null || !expect(SegmentLine.TIME)) {
            return null;
        }
        long time = instant();
        if (time == Long.MIN_VALUE || !expect(SegmentLine.GROUP)) {
            return null;
        }
        List<String> group = group();
        if (group == null || !expect(SegmentLine.TOPIC)) {
            return null;
        }
        String topic = topic();
        if (topic == null || !expect(SegmentLine.PARTITION)) {
            return null;
        }
        long partition = whole(9);
        if (partition == Long.MIN_VALUE || !expect(SegmentLine.OFFSET)) {
            return null;
        }
        long offset = whole(18);
        if (offset == Long.MIN_VALUE || !expect(SegmentLine.PRODUCED_AT)) {
            return null;
        }
        long producedAt = instant();
        if (producedAt == Long.MIN_VALUE || !expect(SegmentLine.SCHEMA_VERSION)) {
            return null;
        }
        long schemaVersion = whole(9);
        if (schemaVersion == Long.MIN_VALUE) {
            return null;
        }
        String traceparent = null;
        if (expect(SegmentLine.TRACEPARENT)) {
            traceparent = plainString();
            if (traceparent == null || b[at++] != '"') {
                return null;
            }
        } else {
            expect(NO_TRACEPARENT);
        }
        if (!expect(SegmentLine.PAYLOAD)) {
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
     * The payload object with only the properties the fold reads built, the reader after its closing
     * brace; null if one of them is not a value this reader builds, or anything is off.
     */
    private ObjectNode payload() {
        whitespace();
        return b[at] == '{' ? object(0, keep) : null;
    }

}
