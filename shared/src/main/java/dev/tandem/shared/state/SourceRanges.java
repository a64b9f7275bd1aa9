package dev.tandem.shared.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lineage of a row: per source partition, the first and last offset of the records folded into
 * it. Merging takes the union of partitions and the widest range of each.
 */
public final class SourceRanges {

    private final TreeMap<Integer, long[]> ranges = new TreeMap<>();
    private int lastPartition = -1;
    private long[] last;

    void add(int partition, long offset) {
        // Nearly every row is fed by one partition: skip the map lookup for the last one used.
        if (partition == lastPartition && last != null) {
            last[0] = Math.min(last[0], offset);
            last[1] = Math.max(last[1], offset);
            return;
        }
        long[] r = ranges.get(partition);
        lastPartition = partition;
        if (r == null) {
            last = new long[] {offset, offset};
            ranges.put(partition, last);
        } else {
            last = r;
            r[0] = Math.min(r[0], offset);
            r[1] = Math.max(r[1], offset);
        }
    }

    void merge(SourceRanges other) {
        other.ranges.forEach((p, r) -> {
            add(p, r[0]);
            add(p, r[1]);
        });
    }

    SourceRanges copy() {
        SourceRanges c = new SourceRanges();
        c.merge(this);
        return c;
    }

    /** partition → {first, last} offsets, in partition order. */
    public Map<Integer, OffsetRange> asMap() {
        Map<Integer, OffsetRange> out = new TreeMap<>();
        ranges.forEach((p, r) -> out.put(p, new OffsetRange(r[0], r[1])));
        return Collections.unmodifiableMap(out);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(ranges.size());
        for (Map.Entry<Integer, long[]> e : ranges.entrySet()) {
            out.writeInt(e.getKey());
            out.writeLong(e.getValue()[0]);
            out.writeLong(e.getValue()[1]);
        }
    }

    static SourceRanges readFrom(DataInput in) throws IOException {
        SourceRanges s = new SourceRanges();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.ranges.put(in.readInt(), new long[] {in.readLong(), in.readLong()});
            s.lastPartition = -1;
        }
        return s;
    }

    /** An inclusive range of offsets. */
    public record OffsetRange(long first, long last) {
    }
}
