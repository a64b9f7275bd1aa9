package dev.tandem.shared.record;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The group keys of one pipeline's events, each made once and then shared: an event's key is
 * looked up by its group-by values instead of having its canonical text built again, and a fold
 * that finds its row compares the key by identity. Up to {@value #MAX_KEYS} distinct groups are
 * kept; past them keys are made per event, as {@link GroupKey#of(List, JsonNode)} makes them.
 * Thread-safe.
 */
public final class GroupKeys {

    static final int MAX_KEYS = 1 << 16;
    /** A null or missing value: a map key cannot be null. */
    private static final Object NULL = new Object();

    private final List<FieldPath> fields;
    private final ConcurrentHashMap<Object, GroupKey> keys = new ConcurrentHashMap<>();
    /**
     * Places taken in {@link #keys}, each before its put: checking the map's size and then putting
     * let two threads at the last place both put (one key past the bound, seen in a test).
     */
    private final AtomicInteger held = new AtomicInteger();

    public GroupKeys(List<FieldPath> fields) {
        this.fields = List.copyOf(fields);
    }

    /** {@link GroupKey#of(List, JsonNode)} of this pipeline's group-by fields: an equal key. */
    public GroupKey of(JsonNode payload) {
        if (fields.isEmpty()) {
            return GroupKey.NONE;
        }
        Object lookup;
        if (fields.size() == 1) {
            String v = GroupKey.value(fields.get(0).get(payload));
            lookup = v == null ? NULL : v;
        } else {
            String[] values = new String[fields.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = GroupKey.value(fields.get(i).get(payload));
            }
            lookup = Arrays.asList(values);
        }
        GroupKey key = keys.get(lookup);
        if (key == null) {
            key = GroupKey.of(fields, payload);
            if (held.get() < MAX_KEYS) {
                if (held.incrementAndGet() <= MAX_KEYS) {
                    GroupKey raced = keys.putIfAbsent(lookup, key);
                    if (raced != null) {
                        held.decrementAndGet();
                        key = raced;
                    }
                } else {
                    held.decrementAndGet();
                }
            }
        }
        return key;
    }

    int size() {
        return keys.size();
    }
}
