package dev.tandem.shared.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The values of an event's group-by fields, in definition order; a missing or null field is a
 * null value. Its canonical text is a JSON array ({@code ["store-7"]}), used in result keys and
 * as the sort order of snapshots and results. Immutable; equal keys have equal canonical text.
 */
public final class GroupKey implements Comparable<GroupKey> {

    /** The key of pipelines without group-by fields: every event is in the one group. */
    public static final GroupKey NONE = new GroupKey(List.of());

    private final List<String> values;
    private final String canonical;
    /**
     * The canonical text's hash, taken where the key is made: a fold looks every event's key up,
     * and a key's text, just built, is still in the CPU's caches here and no longer there.
     */
    private final int hash;

    /** Takes {@code values} as they are: an unmodifiable list no one else holds. */
    private GroupKey(List<String> values) {
        this.values = values;
        StringBuilder json = new StringBuilder(16 * values.size() + 2).append('[');
        for (int i = 0; i < this.values.size(); i++) {
            String v = this.values.get(i);
            if (i > 0) {
                json.append(',');
            }
            if (v == null) {
                json.append("null");
            } else {
                json.append('"');
                JsonStringEncoder.getInstance().quoteAsString(v, json);
                json.append('"');
            }
        }
        this.canonical = json.append(']').toString();
        this.hash = canonical.hashCode();
    }

    public static GroupKey of(List<String> values) {
        return values.isEmpty() ? NONE : new GroupKey(Collections.unmodifiableList(new ArrayList<>(values)));
    }

    public static GroupKey of(List<FieldPath> fields, JsonNode payload) {
        if (fields.isEmpty()) {
            return NONE;
        }
        // One per record: built once, not copied again.
        String[] values = new String[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(fields.get(i).get(payload));
        }
        return new GroupKey(Collections.unmodifiableList(Arrays.asList(values)));
    }

    /** A group-by field's value as a key holds it: null if missing or null, text as it is, else its JSON. */
    static String value(JsonNode v) {
        return v.isMissingNode() || v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
    }

    /** Parses the canonical text. */
    public static GroupKey parse(String canonical) {
        try {
            JsonNode node = Json.mapper().readTree(canonical);
            if (node == null || !node.isArray()) {
                throw new IllegalArgumentException("Invalid group key (value was: " + canonical + "): not a JSON array");
            }
            List<String> values = new ArrayList<>();
            node.forEach(v -> values.add(v.isNull() ? null : v.asText()));
            return of(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid group key (value was: " + canonical + "): " + e.getOriginalMessage(), e);
        }
    }

    public List<String> values() {
        return values;
    }

    /** {@code ["store-7"]} */
    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public int compareTo(GroupKey other) {
        return canonical.compareTo(other.canonical);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey other && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
