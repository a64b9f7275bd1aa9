package dev.tandem.engine.pacing;

import java.util.List;

import dev.tandem.shared.record.RawRecord;

/**
 * A batch the {@link BatchAssembler} took from a partition's buffer.
 *
 * @param partition   the source partition
 * @param records     in offset order
 * @param bytes       their key and value bytes
 * @param full        closed by the record or byte target rather than by the wait
 * @param waitedNanos how long its first record waited in the buffer
 * @param formedWith  the targets it was formed under
 */
public record FormedBatch(int partition, List<RawRecord> records, long bytes, boolean full, long waitedNanos,
        PacingTargets formedWith) {

    public FormedBatch {
        // Read-only view, not a copy: the assembler hands over a list it made for this batch alone.
        records = java.util.Collections.unmodifiableList(records);
    }

    /** The produce time of its oldest record (epoch ms). */
    long oldestProducedAtMs() {
        long oldest = Long.MAX_VALUE;
        for (RawRecord r : records) {
            oldest = Math.min(oldest, r.timestampMs());
        }
        return oldest;
    }
}
