package dev.tandem.shared.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.aggregate.AggregateRow;
import dev.tandem.shared.aggregate.Aggregation;
import dev.tandem.shared.record.AggregateInputs;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.SourceCoordinates;
import dev.tandem.shared.window.Window;

/**
 * Aggregate rows per (window, group): a monoid. Not thread-safe.
 */
public final class WindowAggregates {

    private final Aggregation aggregation;
    private final Map<Key, Row> rows = new HashMap<>();
    /**
     * What a delta checkpoint holds: the rows added or changed since {@link #markClean()} are those
     * marked with the current epoch (a mark on the row, not a set of keys to update for every event),
     * and the keys of rows removed since then are kept apart.
     */
    private int epoch = 1;
    private final java.util.Set<Key> removed = new java.util.HashSet<>();

    public WindowAggregates(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** Adds an event, read at {@code source}, to the row of {@code (window, group)}. */
    public void add(Window window, Envelope event) {
        add(window, event.group(), event.inputs(), event.payload(), event.source());
    }

    private void add(Window window, GroupKey group, AggregateInputs inputs, JsonNode payload, SourceCoordinates source) {
        Key key = new Key(window, group);
        Row row = rows.get(key);
        if (row == null) {
            row = new Row(aggregation.newRow(), new SourceRanges());
            rows.put(key, row);
            removed.remove(key);
        }
        row.changedIn = epoch;
        aggregation.add(row.values, inputs, payload);
        row.sources.add(source.partition(), source.offset());
    }

    /** Adds every row of {@code other}; {@code other} is unchanged. */
    public void merge(WindowAggregates other) {
        other.rows.forEach((key, theirs) -> {
            removed.remove(key);
            Row mine = rows.get(key);
            if (mine == null) {
                mine = new Row(theirs.values.copy(), theirs.sources.copy());
                rows.put(key, mine);
            } else {
                mine.values.merge(theirs.values);
                mine.sources.merge(theirs.sources);
            }
            mine.changedIn = epoch;
        });
    }

    /** The smallest window end among the rows, or empty if there are none. */
    public java.util.OptionalLong earliestWindowEnd() {
        return rows.keySet().stream().mapToLong(k -> k.window().endMs()).min();
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Every row, ordered by window then group. */
    public List<WindowResult> results() {
        return sortedKeys().stream().map(k -> result(k, rows.get(k))).toList();
    }

    /** The rows of windows that {@code predicate} selects, ordered by window then group, and removes them. */
    public List<WindowResult> removeWindows(java.util.function.Predicate<Window> predicate) {
        List<Key> keys = new ArrayList<>();
        for (Iterator<Key> it = rows.keySet().iterator(); it.hasNext();) {
            Key k = it.next();
            if (predicate.test(k.window())) {
                keys.add(k);
            }
        }
        keys.sort(null);
        List<WindowResult> out = new ArrayList<>(keys.size());
        for (Key k : keys) {
            out.add(result(k, rows.remove(k)));
            removed.add(k);
        }
        return out;
    }

    /**
     * Moves the rows of windows that {@code predicate} selects into a new instance: for a batch run,
     * which keeps closed windows of every partition apart from the state it folds into.
     */
    public WindowAggregates extractWindows(java.util.function.Predicate<Window> predicate) {
        WindowAggregates out = new WindowAggregates(aggregation);
        for (Iterator<Map.Entry<Key, Row>> it = rows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Row> e = it.next();
            if (predicate.test(e.getKey().window())) {
                // Unchanged in the new instance, as a row read from a snapshot is.
                e.getValue().changedIn = 0;
                out.rows.put(e.getKey(), e.getValue());
                it.remove();
                removed.add(e.getKey());
            }
        }
        return out;
    }

    /** Forgets what changed so far: the state is durable up to here. */
    public void markClean() {
        epoch++;
        removed.clear();
    }

    /** Writes the rows removed and the rows changed since {@link #markClean()}, canonically. */
    public void writeChangesTo(DataOutput out) throws IOException {
        List<Key> gone = new ArrayList<>(removed);
        gone.sort(null);
        out.writeInt(gone.size());
        for (Key k : gone) {
            writeKey(out, k);
        }
        List<Key> keys = new ArrayList<>();
        rows.forEach((k, row) -> {
            if (row.changedIn == epoch) {
                keys.add(k);
            }
        });
        keys.sort(null);
        out.writeInt(keys.size());
        for (Key k : keys) {
            writeKey(out, k);
            Row row = rows.get(k);
            row.values.writeTo(out);
            row.sources.writeTo(out);
        }
    }

    /** Applies changes written by {@link #writeChangesTo}. */
    public void applyChanges(DataInput in) throws IOException {
        int gone = in.readInt();
        for (int i = 0; i < gone; i++) {
            Key k = readKey(in);
            rows.remove(k);
            removed.add(k);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Key k = readKey(in);
            Row row = new Row(aggregation.readRow(in), SourceRanges.readFrom(in));
            row.changedIn = epoch;
            rows.put(k, row);
            removed.remove(k);
        }
    }

    private static void writeKey(DataOutput out, Key k) throws IOException {
        out.writeLong(k.window().startMs());
        out.writeLong(k.window().endMs());
        out.writeUTF(k.group().toString());
    }

    private static Key readKey(DataInput in) throws IOException {
        return new Key(new Window(in.readLong(), in.readLong()), GroupKey.parse(in.readUTF()));
    }

    /** Writes rows in (window, group) order: equal aggregates, equal bytes. */
    public void writeTo(DataOutput out) throws IOException {
        List<Key> keys = sortedKeys();
        out.writeInt(keys.size());
        for (Key k : keys) {
            out.writeLong(k.window().startMs());
            out.writeLong(k.window().endMs());
            out.writeUTF(k.group().toString());
            Row row = rows.get(k);
            row.values.writeTo(out);
            row.sources.writeTo(out);
        }
    }

    public static WindowAggregates readFrom(DataInput in, Aggregation aggregation) throws IOException {
        WindowAggregates a = new WindowAggregates(aggregation);
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("Corrupt window state: " + n + " rows");
        }
        for (int i = 0; i < n; i++) {
            Window w = new Window(in.readLong(), in.readLong());
            GroupKey g = GroupKey.parse(in.readUTF());
            AggregateRow values = aggregation.readRow(in);
            SourceRanges sources = SourceRanges.readFrom(in);
            a.rows.put(new Key(w, g), new Row(values, sources));
        }
        return a;
    }

    private List<Key> sortedKeys() {
        List<Key> keys = new ArrayList<>(rows.keySet());
        keys.sort(null);
        return keys;
    }

    private static WindowResult result(Key k, Row row) {
        return new WindowResult(k.window(), k.group(), row.values.values(), row.sources.asMap());
    }

    private record Key(Window window, GroupKey group) implements Comparable<Key> {
        // Written out for the reason Window's are: looked up for every record folded.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && window.equals(k.window) && group.equals(k.group);
        }

        @Override
        public int hashCode() {
            return 31 * window.hashCode() + group.hashCode();
        }

        @Override
        public int compareTo(Key o) {
            int c = window.compareTo(o.window);
            return c != 0 ? c : group.compareTo(o.group);
        }
    }

    private static final class Row {
        final AggregateRow values;
        final SourceRanges sources;
        /** The epoch it last changed in: it is in the next delta if that is the current one. */
        int changedIn;

        Row(AggregateRow values, SourceRanges sources) {
            this.values = values;
            this.sources = sources;
        }
    }
}
