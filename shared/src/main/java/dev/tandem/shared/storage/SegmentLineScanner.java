package dev.tandem.shared.storage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.EventTimes;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * Reads a segment line for the fold straight off its bytes, when it is in the form
 * {@link SegmentLine} writes: the envelope's fields in their order, plain strings, the payload an
 * object, of which only the properties the fold reads are built. Tokenising every line with Jackson was two thirds of
 * reading a segment, and a recompute is mostly reading segments.
 *
 * <p>Jackson stays the reference ({@code SegmentReader}): this reader answers null for any line it
 * cannot read exactly as Jackson would — an escape in a string it would build, an envelope string that
 * is not plain ASCII, a name out of order, a number too long, anything malformed — and the line is read with
 * Jackson. So it may refuse what Jackson reads, never read what Jackson refuses, and where it reads a
 * line it makes the envelope Jackson makes (the differential test in {@code SegmentLineScannerTest}).
 * Strings it skips are checked as strictly as Jackson checks them: escapes, control characters and
 * UTF-8 (stricter: overlong forms and surrogates are left to Jackson).
 */
final class SegmentLineScanner {

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
    /** Nesting of skipped values beyond this is left to Jackson (its own limit is far higher). */
    private static final int MAX_DEPTH = 64;
    /** Numbers longer than this are left to Jackson (its limit is 1,000 characters). */
    private static final int MAX_NUMBER = 100;
    /** A fold reads no value but the kept ones: this is the node factory Jackson's tree builder uses. */
    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    private final SegmentReader.LineContext context;
    private final byte[][] keep;
    private final String[] keepNames;
    private final char[] instant = new char[40];
    private byte[] b;
    private int at;
    private int end;

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

    /** A kept value as Jackson's tree builder makes it; null where it holds an escape, or is off or too deep. */
    private JsonNode value(int depth) {
        byte c = b[at];
        if (c == '{') {
            return depth < MAX_DEPTH ? object(depth) : null;
        }
        if (c == '[') {
            return depth < MAX_DEPTH ? array(depth) : null;
        }
        if (c == '"') {
            at++;
            String text = text();
            return text == null ? null : NODES.textNode(text);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (literal("true")) {
            return NODES.booleanNode(true);
        }
        if (literal("false")) {
            return NODES.booleanNode(false);
        }
        if (literal("null")) {
            return NODES.nullNode();
        }
        return null;
    }

    private ObjectNode object(int depth) {
        at++;
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
            String name = text();
            if (name == null) {
                return null;
            }
            whitespace();
            if (b[at++] != ':') {
                return null;
            }
            whitespace();
            JsonNode v = value(depth + 1);
            if (v == null) {
                return null;
            }
            // A repeated name keeps its place and takes the later value, as in Jackson's tree.
            node.set(name, v);
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

    private ArrayNode array(int depth) {
        at++;
        ArrayNode node = NODES.arrayNode();
        whitespace();
        if (b[at] == ']') {
            at++;
            return node;
        }
        while (true) {
            JsonNode v = value(depth + 1);
            if (v == null) {
                return null;
            }
            node.add(v);
            whitespace();
            byte c = b[at++];
            if (c == ']') {
                return node;
            }
            if (c != ',') {
                return null;
            }
            whitespace();
        }
    }

    /**
     * A string from just after its opening quote, the reader then past its closing one; null where it
     * holds an escape (Jackson unescapes) or is not strict UTF-8 (Jackson refuses what the JDK would replace).
     */
    private String text() {
        int start = at;
        boolean ascii = true;
        for (int i = at; i < end; i++) {
            int x = b[i];
            if (x == '"') {
                if (ascii) {
                    at = i + 1;
                    return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
                }
                return skipString() ? new String(b, start, i - start, StandardCharsets.UTF_8) : null;
            }
            if (x == '\\' || (x >= 0 && x < 0x20)) {
                return null;
            }
            ascii &= x >= 0;
        }
        return null;
    }

    /** A number as Jackson builds it with exact decimals: int, long or BigDecimal; null if off or too long. */
    private JsonNode number() {
        int start = at;
        int fraction = numberEnd();
        if (fraction == -1) {
            return null;
        }
        int n = at - start;
        if (fraction == 0) {
            int digits = b[start] == '-' ? n - 1 : n;
            if (digits > 18) {
                return null;
            }
            long v = Long.parseLong(new String(b, start, n, StandardCharsets.ISO_8859_1));
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        }
        return NODES.numberNode(new BigDecimal(new String(b, start, n, StandardCharsets.ISO_8859_1)));
    }

    /**
     * Past a number of JSON's grammar: 0 for a whole number, 1 with a fraction or exponent, -1 if it
     * is not one (or is longer than {@link #MAX_NUMBER}).
     */
    private int numberEnd() {
        int start = at;
        if (b[at] == '-') {
            at++;
        }
        if (b[at] == '0') {
            at++;
        } else if (b[at] >= '1' && b[at] <= '9') {
            while (at < end && b[at] >= '0' && b[at] <= '9') {
                at++;
            }
        } else {
            return -1;
        }
        int kind = 0;
        if (at < end && b[at] == '.') {
            at++;
            if (!digits()) {
                return -1;
            }
            kind = 1;
        }
        if (at < end && (b[at] == 'e' || b[at] == 'E')) {
            at++;
            if (b[at] == '+' || b[at] == '-') {
                at++;
            }
            if (!digits()) {
                return -1;
            }
            kind = 1;
        }
        return at - start > MAX_NUMBER ? -1 : kind;
    }

    private boolean digits() {
        int start = at;
        while (at < end && b[at] >= '0' && b[at] <= '9') {
            at++;
        }
        return at > start;
    }

    /** Past a value not kept, checking it as Jackson would; false if it is off or nested too deep. */
    private boolean skipValue(int depth) {
        byte c = b[at];
        switch (c) {
            case '"' -> {
                at++;
                return skipString();
            }
            case '{' -> {
                return depth < MAX_DEPTH && skipContainer(depth, '}', true);
            }
            case '[' -> {
                return depth < MAX_DEPTH && skipContainer(depth, ']', false);
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                return literal("null");
            }
            default -> {
                return numberEnd() >= 0;
            }
        }
    }

    private boolean skipContainer(int depth, char close, boolean object) {
        at++;
        whitespace();
        if (b[at] == close) {
            at++;
            return true;
        }
        while (true) {
            if (object) {
                if (b[at++] != '"' || !skipString()) {
                    return false;
                }
                whitespace();
                if (b[at++] != ':') {
                    return false;
                }
                whitespace();
            }
            if (!skipValue(depth + 1)) {
                return false;
            }
            whitespace();
            byte c = b[at++];
            if (c == close) {
                return true;
            }
            if (c != ',') {
                return false;
            }
            whitespace();
        }
    }

    /** Past a string's closing quote, from just after its opening one; false if Jackson would refuse it (or might). */
    private boolean skipString() {
        while (at < end) {
            int c = b[at++];
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                byte e = b[at++];
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(b[at++], 16) < 0) {
                            return false;
                        }
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    return false;
                }
            } else if (c >= 0 && c < 0x20) {
                return false;
            } else if (c < 0 && !utf8(c & 0xFF)) {
                return false;
            }
        }
        return false;
    }

    /** Past the rest of a well-formed UTF-8 sequence led by {@code lead}: no overlong form, no surrogate. */
    private boolean utf8(int lead) {
        int more;
        int min;
        int cp;
        if (lead >= 0xC2 && lead <= 0xDF) {
            more = 1;
            min = 0x80;
            cp = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            more = 2;
            min = 0x800;
            cp = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            more = 3;
            min = 0x10000;
            cp = lead & 0x07;
        } else {
            return false;
        }
        for (int i = 0; i < more; i++) {
            if (at >= end) {
                return false;
            }
            int c = b[at++] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        return cp >= min && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }

    /** Past {@code word} if it is here and no letter or digit follows it. */
    private boolean literal(String word) {
        int n = word.length();
        if (at + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[at + i] != word.charAt(i)) {
                return false;
            }
        }
        if (at + n < end && Character.isLetterOrDigit(b[at + n])) {
            return false;
        }
        at += n;
        return true;
    }

    /** Past the bytes of {@code expected} if they come next. */
    private boolean expect(byte[] expected) {
        if (at + expected.length > end || !same(at, expected)) {
            return false;
        }
        at += expected.length;
        return true;
    }

    /** Whether {@code expected} is at {@code from}: a plain loop, as the names compared are a few bytes long. */
    private boolean same(int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Past spaces, tabs and carriage returns: a line break ends the line, and a value over lines is Jackson's. */
    private void whitespace() {
        while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r')) {
            at++;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
