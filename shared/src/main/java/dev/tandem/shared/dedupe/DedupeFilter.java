package dev.tandem.shared.dedupe;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The event ids of one source partition seen within the horizon. Not thread-safe.
 */
public final class DedupeFilter {

    private final long horizonMs;
    private final Map<String, Long> seen = new HashMap<>();
    /** Ids by event time, to forget the oldest cheaply. */
    private final PriorityQueue<Entry> byTime = new PriorityQueue<>(
            Comparator.comparingLong(Entry::eventTimeMs).thenComparing(Entry::id));
    /** Ids remembered since {@link #markClean()}: what a delta checkpoint holds. */
    private final List<Entry> added = new ArrayList<>();

    private DedupeFilter(Duration horizon) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("Invalid value for parameter \"horizon\" (value was: " + horizon
                    + "): use more than 0");
        }
        this.horizonMs = horizon.toMillis();
    }

    public static DedupeFilter of(Duration horizon) {
        return new DedupeFilter(horizon);
    }

    /**
     * Whether this is the first time {@code id} is seen within the horizon of {@code watermarkMs};
     * if so, it is remembered. A remembered id older than the horizon counts as unseen, exactly as
     * if it had already been forgotten.
     */
    public boolean firstSeen(String id, long eventTimeMs, long watermarkMs) {
        long oldestRemembered = saturatingSubtract(watermarkMs, horizonMs);
        Long previous = seen.get(id);
        if (previous != null && previous >= oldestRemembered) {
            return false;
        }
        seen.put(id, eventTimeMs);
        Entry entry = new Entry(eventTimeMs, id);
        byTime.add(entry);
        added.add(entry);
        return true;
    }

    /** Forgets which ids were added so far: the filter is durable up to here. */
    public void markClean() {
        added.clear();
    }

    /** Writes the ids remembered since {@link #markClean()}, sorted by (event time, id). */
    public void writeAddedTo(DataOutput out) throws IOException {
        List<Entry> sorted = new ArrayList<>(added);
        sorted.sort(Comparator.comparingLong(Entry::eventTimeMs).thenComparing(Entry::id));
        out.writeInt(sorted.size());
        for (Entry e : sorted) {
            out.writeLong(e.eventTimeMs());
            out.writeUTF(e.id());
        }
    }

    /** Remembers the ids written by {@link #writeAddedTo}, as if they had been seen here. */
    public void applyAdded(DataInput in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long time = in.readLong();
            String id = in.readUTF();
            seen.put(id, time);
            Entry entry = new Entry(time, id);
            byTime.add(entry);
            added.add(entry);
        }
    }

    /** Forgets ids whose event time is more than the horizon behind {@code watermarkMs}. */
    public void forgetBefore(long watermarkMs) {
        long oldestRemembered = saturatingSubtract(watermarkMs, horizonMs);
        while (!byTime.isEmpty() && byTime.peek().eventTimeMs() < oldestRemembered) {
            Entry e = byTime.poll();
            Long current = seen.get(e.id());
            if (current != null && current == e.eventTimeMs()) {
                seen.remove(e.id());
            }
        }
    }

    public int size() {
        return seen.size();
    }

    /** Writes the remembered ids sorted by (event time, id): equal filters, equal bytes. */
    public void writeTo(DataOutput out) throws IOException {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(seen.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        out.writeInt(entries.size());
        for (Map.Entry<String, Long> e : entries) {
            out.writeLong(e.getValue());
            out.writeUTF(e.getKey());
        }
    }

    public static DedupeFilter readFrom(DataInput in, Duration horizon) throws IOException {
        DedupeFilter filter = new DedupeFilter(horizon);
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("Corrupt dedupe state: " + n + " ids");
        }
        for (int i = 0; i < n; i++) {
            long time = in.readLong();
            String id = in.readUTF();
            filter.seen.put(id, time);
            filter.byTime.add(new Entry(time, id));
        }
        return filter;
    }

    private static long saturatingSubtract(long a, long b) {
        long r = a - b;
        return r > a ? Long.MIN_VALUE : r;
    }

    private record Entry(long eventTimeMs, String id) {
    }
}
