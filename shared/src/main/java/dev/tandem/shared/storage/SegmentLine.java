package dev.tandem.shared.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.EventTimes;

/**
 * Writes a segment line's bytes straight into a buffer, the bytes the JSON generator writes for it
 * ({@code RawSegment.writeLine}, the reference): field names as constant bytes, numbers and instants
 * as digits, the payload's landed bytes copied. The generator's per-value checks were most of
 * writing a line, a tenth of the micro-batch function's Java samples.
 *
 * <p>Only lines whose strings are plain are written here — printable ASCII without {@code "} or
 * {@code \}, which the generator writes as they are — and whose payload's bytes are known; any other
 * line is left to the generator, so escaping stays Jackson's.
 */
final class SegmentLine {

    // The line's fixed bytes, which SegmentLineScanner reads lines by.
    static final byte[] ID = ascii("{\"id\":\"");
    static final byte[] TIME = ascii("\",\"time\":\"");
    static final byte[] GROUP = ascii("\",\"group\":[");
    static final byte[] TOPIC = ascii("],\"topic\":\"");
    static final byte[] PARTITION = ascii("\",\"partition\":");
    static final byte[] OFFSET = ascii(",\"offset\":");
    static final byte[] PRODUCED_AT = ascii(",\"producedAt\":\"");
    static final byte[] SCHEMA_VERSION = ascii("\",\"schemaVersion\":");
    static final byte[] TRACEPARENT = ascii(",\"traceparent\":\"");
    static final byte[] PAYLOAD = ascii(",\"payload\":");
    private static final byte[] NULL = ascii("null");
    /** Room enough for every part of a line but its strings and payload. */
    private static final int FIXED = 256;

    private byte[] buf;
    private int count;
    private final byte[] scratch = new byte[24];

    SegmentLine(byte[] buf, int count) {
        this.buf = buf;
        this.count = count;
    }

    byte[] buffer() {
        return buf;
    }

    int count() {
        return count;
    }

    /** Appends bytes written elsewhere: a line the generator wrote. */
    void append(byte[] bytes, int length) {
        ensure(length);
        System.arraycopy(bytes, 0, buf, count, length);
        count += length;
    }

    /**
     * Appends {@code e}'s line and its line break; false, with nothing appended, where the line is
     * the generator's to write.
     */
    boolean append(Envelope e) {
        if (e.landed() == null) {
            return false;
        }
        int start = count;
        String trace = e.traceparent().orElse(null);
        ensure(FIXED + e.landed().length + e.eventId().length() + e.source().topic().length()
                + (trace == null ? 0 : trace.length()) + groupLength(e));
        put(ID);
        if (!plain(e.eventId())) {
            count = start;
            return false;
        }
        put(TIME);
        instant(e.eventTimeMs());
        put(GROUP);
        List<String> group = e.group().values();
        for (int i = 0; i < group.size(); i++) {
            String v = group.get(i);
            if (i > 0) {
                buf[count++] = ',';
            }
            if (v == null) {
                put(NULL);
            } else {
                buf[count++] = '"';
                if (!plain(v)) {
                    count = start;
                    return false;
                }
                buf[count++] = '"';
            }
        }
        put(TOPIC);
        if (!plain(e.source().topic())) {
            count = start;
            return false;
        }
        put(PARTITION);
        digits(e.source().partition());
        put(OFFSET);
        digits(e.source().offset());
        put(PRODUCED_AT);
        instant(e.producedAtMs());
        put(SCHEMA_VERSION);
        digits(e.schemaVersion());
        if (trace != null) {
            put(TRACEPARENT);
            if (!plain(trace)) {
                count = start;
                return false;
            }
            buf[count++] = '"';
        }
        put(PAYLOAD);
        put(e.landed());
        buf[count++] = '}';
        buf[count++] = '\n';
        return true;
    }

    private static int groupLength(Envelope e) {
        // Indexed: a key's values are an unmodifiable list, whose iterator is an allocation per line.
        List<String> group = e.group().values();
        int n = 0;
        for (int i = 0; i < group.size(); i++) {
            String v = group.get(i);
            n += v == null ? 5 : v.length() + 3;
        }
        return n;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, count, bytes.length);
        count += bytes.length;
    }

    /** Copies {@code s} if every character is one the generator writes as it is; else false. */
    private boolean plain(String s) {
        int n = s.length();
        int at = count;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
            buf[at + i] = (byte) c;
        }
        count = at + n;
        return true;
    }

    /** An instant as the generator writes it: quoted by the caller's constant bytes, as {@link EventTimes#format}. */
    private void instant(long epochMillis) {
        int n = EventTimes.formatTo(epochMillis, scratch);
        if (n >= 0) {
            System.arraycopy(scratch, 0, buf, count, n);
            count += n;
        } else {
            // Before 1970 or after 9999: Instant.toString, ASCII digits and signs only.
            byte[] text = EventTimes.format(epochMillis).getBytes(StandardCharsets.US_ASCII);
            ensure(text.length);
            put(text);
        }
    }

    /**
     * A whole number as {@code Long.toString} writes it, without the string. Partitions, offsets and
     * schema versions are not negative; one that is goes through {@code Long.toString}.
     */
    private void digits(long v) {
        if (v < 0) {
            put(ascii(Long.toString(v)));
            return;
        }
        int n = 1;
        for (long t = v; t >= 10; t /= 10) {
            n++;
        }
        for (int i = count + n - 1; i >= count; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        count += n;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
