package dev.tandem.shared.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The payload bytes a raw segment lands: the bytes that came, with each masked value spliced in
 * place, instead of the payload tree written out again. Parsing them gives the masked tree —
 * the differential test holds this over a corpus of layouts, number forms, escapes and PII
 * shapes — and they are one line of UTF-8 JSON.
 *
 * <p>Which bytes can be landed as they came: an object in UTF-8 (the first byte that is not
 * whitespace is {@code {}, which rules out a byte-order mark and UTF-16/32, which Jackson would
 * also read), with nothing but whitespace after it (the decoder checks that while parsing). Line
 * breaks are whitespace in valid JSON (raw control characters inside strings are a parse error),
 * so they become spaces and the value stays one NDJSON line. Anything else is landed from the
 * tree, as before; either way readers parse the same value.
 */
public final class LandedPayload {

    /**
     * Scans bytes already parsed and checked by {@link Json#mapper()}: no duplicate detection (it
     * was done) and no tree, only token offsets.
     */
    private static final JsonFactory SCANNER = new JsonFactory();
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private LandedPayload() {
    }

    /**
     * The bytes of a JSON object as they came, made one line; null if they are not UTF-8 starting
     * with the object. The caller has parsed them and checked that only whitespace follows the object.
     * Returns {@code json} itself when it has no line break (no copy).
     */
    public static byte[] asCame(byte[] json) {
        int i = 0;
        while (i < json.length && whitespace(json[i])) {
            i++;
        }
        if (i == json.length || json[i] != '{') {
            return null;
        }
        byte[] out = json;
        for (int j = 0; j < json.length; j++) {
            if (json[j] == '\n' || json[j] == '\r') {
                if (out == json) {
                    out = json.clone();
                }
                out[j] = ' ';
            }
        }
        return out;
    }

    /**
     * {@code json} (as {@link #asCame} returned it) with the value at each of {@code paths} replaced
     * by its value in {@code masked}, the tree parsed from {@code json} and then masked; null when
     * that cannot be done byte for byte (a path whose value the masked tree lacks, overlapping
     * paths): the caller then lands the tree.
     */
    public static byte[] spliced(byte[] json, JsonNode masked, List<FieldPath> paths) {
        if (paths.isEmpty()) {
            return json;
        }
        int[] starts = new int[paths.size()];
        int[] ends = new int[paths.size()];
        Arrays.fill(starts, -1);
        int found = 0;
        // Names of the open containers below the root; null for an array's element (never addressed).
        String[] names = new String[16];
        int depth = -1;
        try (JsonParser p = SCANNER.createParser(json)) {
            JsonToken t;
            while (found < paths.size() && (t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    continue;
                }
                String name = depth >= 0 ? p.currentName() : null;
                int match = name == null ? -1 : match(paths, names, depth, name);
                if (match >= 0) {
                    if (starts[match] >= 0) {
                        return null;
                    }
                    starts[match] = (int) p.currentTokenLocation().getByteOffset();
                    if (t.isStructStart()) {
                        p.skipChildren();
                    } else {
                        p.finishToken();
                    }
                    ends[match] = (int) p.currentLocation().getByteOffset();
                    found++;
                } else if (t.isStructStart()) {
                    depth++;
                    if (depth == names.length) {
                        names = Arrays.copyOf(names, depth * 2);
                    }
                    names[depth] = depth == 0 ? null : p.currentName();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("payload parsed once, not again: " + e.getMessage(), e);
        }
        return found == 0 ? json : splice(json, masked, paths, starts, ends);
    }

    private static byte[] splice(byte[] json, JsonNode masked, List<FieldPath> paths, int[] starts, int[] ends) {
        int[] order = new int[paths.size()];
        for (int i = 0; i < order.length; i++) {
            int j = i;
            for (; j > 0 && starts[order[j - 1]] > starts[i]; j--) {
                order[j] = order[j - 1];
            }
            order[j] = i;
        }
        byte[][] values = new byte[paths.size()][];
        int length = json.length;
        int previousEnd = 0;
        for (int i : order) {
            if (starts[i] < 0) {
                continue; // absent from this payload: nothing to mask
            }
            JsonNode value = paths.get(i).get(masked);
            if (value.isMissingNode() || starts[i] < previousEnd || !looksLikeValue(json, starts[i], ends[i])) {
                return null;
            }
            previousEnd = ends[i];
            values[i] = bytes(value);
            length += values[i].length - (ends[i] - starts[i]);
        }
        byte[] out = new byte[length];
        int from = 0;
        int to = 0;
        for (int i : order) {
            if (starts[i] < 0) {
                continue;
            }
            System.arraycopy(json, from, out, to, starts[i] - from);
            to += starts[i] - from;
            System.arraycopy(values[i], 0, out, to, values[i].length);
            to += values[i].length;
            from = ends[i];
        }
        System.arraycopy(json, from, out, to, json.length - from);
        return out;
    }

    /** A check that the span is one whole JSON value: a parser that reported another offset would show here. */
    private static boolean looksLikeValue(byte[] json, int start, int end) {
        if (start < 0 || end > json.length || end <= start) {
            return false;
        }
        byte first = json[start];
        byte last = json[end - 1];
        return switch (first) {
            case '"' -> last == '"' && end - start >= 2;
            case '{' -> last == '}';
            case '[' -> last == ']';
            case 't', 'n' -> last == 'e' || last == 'l';
            case 'f' -> last == 'e';
            default -> (first == '-' || (first >= '0' && first <= '9')) && last >= '0' && last <= '9';
        };
    }

    private static int match(List<FieldPath> paths, String[] names, int depth, String name) {
        for (int i = 0; i < paths.size(); i++) {
            List<String> segments = paths.get(i).segments();
            if (segments.size() != depth + 1 || !segments.get(depth).equals(name)) {
                continue;
            }
            boolean same = true;
            for (int d = 1; d <= depth && same; d++) {
                same = segments.get(d - 1).equals(names[d]);
            }
            if (same) {
                return i;
            }
        }
        return -1;
    }

    /** The masked value as JSON: text or null is all masking makes, written directly; anything else by the mapper. */
    private static byte[] bytes(JsonNode value) {
        if (value.isTextual()) {
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(value.textValue());
            byte[] out = new byte[quoted.length + 2];
            out[0] = '"';
            System.arraycopy(quoted, 0, out, 1, quoted.length);
            out[out.length - 1] = '"';
            return out;
        }
        if (value.isNull()) {
            return NULL;
        }
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
