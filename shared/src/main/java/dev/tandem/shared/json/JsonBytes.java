package dev.tandem.shared.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;

/**
 * Strict JSON over a byte range, for the readers that go without a parser where they can (a
 * segment line's scanner, the payload scanner of the decoder): values built as Jackson's tree
 * builder builds them (with {@link Json#mapper()}'s node factory: exact decimals, an int as an int),
 * values skipped but checked as strictly as Jackson checks them ({@link JsonChecks}). Where a value
 * holds what only Jackson can decide (an escape to unescape, a number too long, nesting too deep) or
 * is malformed, the answer is null or false and the caller leaves the text to Jackson. The reader
 * stands at {@link #at}; no value takes in a byte from {@link #end} on, and a line break is not
 * whitespace here, so a value over several lines is Jackson's too.
 */
public abstract class JsonBytes extends JsonChecks {

    /** The node factory Jackson's tree builder uses. */
    protected static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    /** A kept value as Jackson's tree builder makes it; null where it holds an escape, or is off or too deep. */
    protected JsonNode value(int depth) {
        byte c = b[at];
        if (c == '{') {
            return depth < MAX_DEPTH ? object(depth, null) : null;
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

    /**
     * The object here: every property with {@code only} null, else only those it names (the others
     * skipped but checked); null where a property is not one this reader builds, or anything is off.
     */
    protected ObjectNode object(int depth, Names only) {
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
            String name;
            if (only == null) {
                name = text();
                if (name == null) {
                    return null;
                }
            } else {
                int start = at;
                if (!skipString()) {
                    return null;
                }
                int k = only.match(b, start, at - 1);
                if (k == Names.ESCAPED) {
                    return null;
                }
                name = k < 0 ? null : only.names[k];
            }
            whitespace();
            if (b[at++] != ':') {
                return null;
            }
            whitespace();
            if (name != null) {
                JsonNode v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                // A repeated name keeps its place and takes the later value, as in Jackson's tree.
                node.set(name, v);
            } else if (!skipValue(depth + 1)) {
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
    protected String text() {
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

    /** Property names to build, matched against a name's raw bytes (no string for the others). */
    protected static final class Names {
        /** A name with an escape in it: it may spell one of these, and only Jackson can tell. */
        public static final int ESCAPED = -2;

        public final String[] names;
        private final byte[][] bytes;

        public Names(java.util.Collection<String> names) {
            this.names = names.toArray(String[]::new);
            this.bytes = new byte[this.names.length][];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = this.names[i].getBytes(StandardCharsets.UTF_8);
            }
        }

        /** Which name the raw bytes {@code b[from, to)} are; -1 for none, {@link #ESCAPED} if they hold an escape. */
        public int match(byte[] b, int from, int to) {
            for (int k = 0; k < bytes.length; k++) {
                if (bytes[k].length == to - from && java.util.Arrays.equals(b, from, to, bytes[k], 0, bytes[k].length)) {
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
    }
}
