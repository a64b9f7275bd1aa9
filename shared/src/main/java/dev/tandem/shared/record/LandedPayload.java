package dev.tandem.shared.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The payload bytes a raw segment lands: the bytes that came, with each masked value spliced in
 * place, instead of the payload tree written out again. Parsing them gives the masked tree —
 * the differential test holds this over a corpus of layouts, number forms, escapes and PII
 * shapes — and they are one line of UTF-8 JSON.
 *
 * <p>Where the values to mask lie is noted while the payload is parsed into its tree, by
 * {@link #parse}: one pass over the bytes, no second parser. The decoder reads payloads with
 * {@link dev.tandem.shared.json.PayloadReader}, which reads most without Jackson and gives what this
 * parse gives.
 *
 * <p>Which bytes can be landed as they came: an object in UTF-8 (the first byte that is not
 * whitespace is <code>{</code>, which rules out a byte-order mark and UTF-16/32, which Jackson
 * would also read), with nothing but whitespace after it. Line breaks are whitespace in valid JSON
 * (raw control characters inside strings are a parse error), so they become spaces and the value
 * stays one NDJSON line. Anything else is landed from the tree, as before; either way readers
 * parse the same value.
 */
public final class LandedPayload {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    /**
     * {@link Json#mapper()}, but a duplicated property is caught by the tree builder, whose map tells
     * it anyway, instead of by the parser's set of names per object (a hash set for every object with
     * more than two properties: 14% of a payload's parse). A first attempt only: whatever it fails on
     * is parsed again with {@link Json#mapper()}, so a failure says exactly what it said before.
     */
    private static final ObjectMapper FIRST_ATTEMPT = Json.mapper().copy()
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private LandedPayload() {
    }

    /**
     * A payload parsed into its tree with {@link Json#mapper()}, the byte spans of the values at the
     * paths to mask, and whether its bytes can be landed as they came.
     *
     * @param tree     the parsed value (null for empty input, as {@code readTree} gives)
     * @param landable the bytes as {@link #asCame} gives them, or null
     * @param starts   per path, the byte offset where its value starts, or -1 if absent
     * @param ends     per path, the byte offset just after its value
     */
    public record Parsed(JsonNode tree, byte[] landable, int[] starts, int[] ends) {
    }

    /**
     * Parses {@code json} as {@code Json.mapper().readTree} does — the same tree, the same errors —
     * noting where the values at {@code paths} lie. Content after the value is ignored, as
     * {@code readTree} ignores it, but such bytes are not landable.
     */
    public static Parsed parse(byte[] json, List<FieldPath> paths) throws IOException {
        try {
            return parse(FIRST_ATTEMPT, json, paths);
        } catch (IOException e) {
            // A duplicated property, or not JSON: the reference parse gives the error (or, never yet seen, the tree).
            return parse(Json.mapper(), json, paths);
        }
    }

    private static Parsed parse(ObjectMapper mapper, byte[] json, List<FieldPath> paths) throws IOException {
        try (JsonParser raw = mapper.createParser(json)) {
            SpanParser p = paths.isEmpty() ? null : new SpanParser(raw, paths);
            JsonNode tree = mapper.readTree(p != null ? p : raw);
            boolean nothingAfter;
            try {
                nothingAfter = raw.nextToken() == null;
            } catch (IOException e) {
                nothingAfter = false;
            }
            byte[] landable = tree != null && nothingAfter ? asCame(json) : null;
            return p == null || p.broken ? new Parsed(tree, landable, null, null)
                    : new Parsed(tree, landable, p.starts, p.ends);
        }
    }

    /**
     * The bytes of a JSON object as they came, made one line; null if they are not UTF-8 starting
     * with the object. Returns {@code json} itself when it has no line break (no copy).
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
     * The landable bytes of {@code parsed} with the value at each of {@code paths} replaced by its
     * value in {@code masked} (the parsed tree, masked); null when they cannot be landed as they came
     * or the splice cannot be done byte for byte (a path whose value the masked tree lacks, overlapping
     * spans): the caller then lands the tree.
     */
    public static byte[] spliced(Parsed parsed, JsonNode masked, List<FieldPath> paths) {
        byte[] json = parsed.landable();
        if (json == null || paths.isEmpty()) {
            return json;
        }
        if (parsed.starts() == null) {
            return null;
        }
        int[] starts = parsed.starts();
        int[] ends = parsed.ends();
        int[] order = new int[paths.size()];
        int present = 0;
        for (int i = 0; i < order.length; i++) {
            int j = i;
            for (; j > 0 && starts[order[j - 1]] > starts[i]; j--) {
                order[j] = order[j - 1];
            }
            order[j] = i;
            present += starts[i] >= 0 ? 1 : 0;
        }
        byte[][] values = new byte[paths.size()][];
        int length = json.length;
        int previousEnd = 0;
        for (int i : order) {
            JsonNode value = paths.get(i).get(masked);
            if (starts[i] < 0) {
                if (!value.isMissingNode()) {
                    return null; // a value to mask whose bytes were not found: never land clear bytes
                }
                continue; // absent from this payload: nothing to mask
            }
            if (value.isMissingNode() || starts[i] < previousEnd || !looksLikeValue(json, starts[i], ends[i])) {
                return null;
            }
            previousEnd = ends[i];
            values[i] = bytes(value);
            length += values[i].length - (ends[i] - starts[i]);
        }
        if (present == 0) {
            return json; // nothing to mask in this payload: the bytes as they came, no copy
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

    /** A check that the span is one whole JSON value: an offset reported wrong would show here. */
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

    /** The masked value as JSON: text or null is all masking makes, written directly; anything else by the mapper. */
    private static byte[] bytes(JsonNode value) {
        if (value.isTextual()) {
            return quoted(value.textValue());
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

    /**
     * {@code text} as a JSON string in UTF-8, as Jackson's encoder writes it. What masking makes — hex
     * digests, redaction marks — is printable ASCII that needs no escape, and is copied as it is;
     * anything else goes through the encoder.
     */
    static byte[] quoted(String text) {
        byte[] out = new byte[text.length() + 2];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
                out = new byte[escaped.length + 2];
                System.arraycopy(escaped, 0, out, 1, escaped.length);
                break;
            }
            out[i + 1] = (byte) c;
        }
        out[0] = '"';
        out[out.length - 1] = '"';
        return out;
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
