package dev.tandem.engine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tandem.engine.drain.PartitionLog;
import dev.tandem.shared.record.RawRecord;

/** A topic in memory whose end a test moves: records past {@code visible} are not produced yet. */
public final class InMemoryPartitionLog implements PartitionLog {
    public final Map<Integer, List<RawRecord>> partitions = new TreeMap<>();
    public final Map<Integer, Integer> visible = new TreeMap<>();

    public InMemoryPartitionLog with(int partition, List<RawRecord> records, int visibleCount) {
        partitions.put(partition, records);
        visible.put(partition, visibleCount);
        return this;
    }

    @Override
    public Map<Integer, Long> endOffsets() {
        Map<Integer, Long> ends = new TreeMap<>();
        visible.forEach((p, n) -> ends.put(p, (long) n));
        return ends;
    }

    @Override
    public long startOffset(int partition) {
        return 0;
    }

    @Override
    public List<RawRecord> read(int partition, long from, long until, int maxRecords) {
        List<RawRecord> all = partitions.get(partition);
        int end = (int) Math.min(Math.min(until, visible.get(partition)), from + maxRecords);
        return from >= end ? List.of() : new ArrayList<>(all.subList((int) from, end));
    }
}
