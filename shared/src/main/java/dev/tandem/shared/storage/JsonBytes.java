package dev.tandem.shared.storage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;

/**
 * Strict JSON over a byte range, for {@link SegmentLineScanner}: values built as Jackson's tree
 * builder builds them (with {@link Json#mapper()}'s node factory: exact decimals, an int as an int),
 * values skipped but checked as strictly as Jackson checks them — escapes, control characters, UTF-8
 * (stricter: overlong forms and surrogates are refused), number and literal grammar. Where a value
 * holds what only Jackson can decide (an escape to unescape, a number too long, nesting too deep) or
 * is malformed, the answer is null or false and the caller leaves the text to Jackson. The reader
 * stands at {@link #at}; no value takes in a byte from {@link #end} on, and a line break is not
 * whitespace here, so a value over several lines is Jackson's too.
 */
abstract class JsonBytes {

    /** Nesting of values beyond this is left to Jackson (its own limit is far higher). */
    private static final int MAX_DEPTH = 64;
    /** Numbers longer than this are left to Jackson (its limit is 1,000 characters). */
    private static final int MAX_NUMBER = 100;
    /** The node factory Jackson's tree builder uses. */
    static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    byte[] b;
    int at;
    int end;

    /** A kept value as Jackson's tree builder makes it; null where it holds an escape, or is off or too deep. */
    JsonNode value(int depth) {
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
    ObjectNode object(int depth, Names only) {
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
    boolean skipValue(int depth) {
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
    boolean skipString() {
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
    boolean literal(String word) {
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
    boolean expect(byte[] expected) {
        if (at + expected.length > end || !same(at, expected)) {
            return false;
        }
        at += expected.length;
        return true;
    }

    /** Whether {@code expected} is at {@code from}: a plain loop, as the names compared are a few bytes long. */
    boolean same(int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Past spaces, tabs and carriage returns: a line break ends the line, and a value over lines is Jackson's. */
    void whitespace() {
        while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r')) {
            at++;
        }
    }

    /** Property names to build, matched against a name's raw bytes (no string for the others). */
    static final class Names {
        /** A name with an escape in it: it may spell one of these, and only Jackson can tell. */
        static final int ESCAPED = -2;

        final String[] names;
        private final byte[][] bytes;

        Names(java.util.Collection<String> names) {
            this.names = names.toArray(String[]::new);
            this.bytes = new byte[this.names.length][];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = this.names[i].getBytes(StandardCharsets.UTF_8);
            }
        }

        /** Which name the raw bytes {@code b[from, to)} are; -1 for none, {@link #ESCAPED} if they hold an escape. */
        int match(byte[] b, int from, int to) {
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
