package dev.tandem.shared.json;

/**
 * The checking half of {@link JsonBytes}: a cursor over a byte range ({@link #b} from {@link #at}
 * to {@link #end}) that steps past JSON values without building them, as strictly as Jackson reads
 * them — escapes, control characters, UTF-8 (stricter: overlong forms and surrogates are refused),
 * number and literal grammar, nesting — answering false where Jackson would refuse the text or only
 * Jackson can tell. A line break is not whitespace here: a value over several lines is Jackson's.
 */
public abstract class JsonChecks {

    /** Nesting of values beyond this is left to Jackson (its own limit is far higher). */
    protected static final int MAX_DEPTH = 64;
    /** Numbers longer than this are left to Jackson (its limit is 1,000 characters). */
    private static final int MAX_NUMBER = 100;

    protected byte[] b;
    protected int at;
    protected int end;

    /**
     * Past a number of JSON's grammar: 0 for a whole number, 1 with a fraction or exponent, -1 if it
     * is not one (or is longer than {@link #MAX_NUMBER}).
     */
    protected int numberEnd() {
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
    protected boolean skipValue(int depth) {
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
    protected boolean skipString() {
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
    protected boolean literal(String word) {
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
    protected boolean expect(byte[] expected) {
        if (at + expected.length > end || !same(at, expected)) {
            return false;
        }
        at += expected.length;
        return true;
    }

    /** Whether {@code expected} is at {@code from}: a plain loop, as the names compared are a few bytes long. */
    protected boolean same(int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Past spaces, tabs and carriage returns: a line break ends the line, and a value over lines is Jackson's. */
    protected void whitespace() {
        while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r')) {
            at++;
        }
    }
}
