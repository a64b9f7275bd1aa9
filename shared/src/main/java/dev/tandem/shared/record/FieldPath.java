package dev.tandem.shared.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A field of an event payload, written as dot-separated property names: {@code amount},
 * {@code customer.email}. Arrays are not addressed.
 */
public record FieldPath(List<String> segments) {

    public FieldPath {
        Objects.requireNonNull(segments, "segments");
        if (segments.isEmpty() || segments.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw new IllegalArgumentException("Invalid field path (value was: " + String.join(".", segments)
                    + "): use property names separated by dots, e.g. customer.email");
        }
        // Interned, as Jackson interns the property names it parses: a lookup in a parsed object then
        // matches its key by identity instead of comparing the characters, for every record.
        segments = segments.stream().map(String::intern).toList();
    }

    public static FieldPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Invalid field path (value was: " + path
                    + "): use property names separated by dots, e.g. customer.email");
        }
        return new FieldPath(Arrays.asList(path.split("\\.", -1)));
    }

    /** The value at this path, or a missing node ({@link JsonNode#isMissingNode()}) if absent. */
    public JsonNode get(JsonNode payload) {
        // Indexed, not for-each: every record's decode, masking and fold look fields up, and the
        // list iterator did not always compile away (a tenth of the function's samples once).
        List<String> names = segments;
        JsonNode node = payload.path(names.get(0));
        for (int i = 1, n = names.size(); i < n; i++) {
            node = node.path(names.get(i));
        }
        return node;
    }

    /** Replaces the value at this path in {@code payload}, if the parent object exists. */
    public void set(ObjectNode payload, JsonNode value) {
        JsonNode parent = payload;
        for (int i = 0; i < segments.size() - 1; i++) {
            parent = parent.path(segments.get(i));
        }
        if (parent instanceof ObjectNode object && object.has(last())) {
            object.set(last(), value);
        }
    }

    public String last() {
        return segments.get(segments.size() - 1);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
