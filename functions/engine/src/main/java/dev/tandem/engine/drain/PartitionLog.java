package dev.tandem.engine.drain;

import java.util.List;
import java.util.Map;

import dev.tandem.shared.record.RawRecord;

/** The source topic as a drain reads it: end offsets at one moment, and records by offset range. */
public interface PartitionLog {

    /** Partition → end offset (the offset the next record will get), for every partition of the topic, now. */
    Map<Integer, Long> endOffsets();

    /** The first offset the partition still holds. */
    long startOffset(int partition);

    /**
     * Records of {@code partition} at offsets in {@code [from, until)}, in offset order, at most
     * {@code maxRecords}; empty only if none is left below {@code until}.
     */
    List<RawRecord> read(int partition, long from, long until, int maxRecords);
}
