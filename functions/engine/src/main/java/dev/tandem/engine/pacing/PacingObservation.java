package dev.tandem.engine.pacing;

/**
 * What one completed batch of a partition tells its pacing.
 *
 * @param formedWith      the targets the batch was formed under
 * @param records         records in the batch
 * @param bytes           their key and value bytes
 * @param full            the batch was closed by its record or byte target, not by its wait
 * @param durationNanos   processing time (validate → checkpoint durable)
 * @param putNanos        the batch's checkpoint write: one S3 PUT, the fixed cost every batch pays
 * @param freshnessMaxMs  produce → effect durable, for the oldest record of the batch
 * @param lagRecords      records of the partition not yet processed after this batch
 * @param behindMs        how old the next record to process already is (0 when nothing waits)
 * @param cycleNanos      end of the partition's previous batch → end of this one; 0 for its first
 */
public record PacingObservation(PacingTargets formedWith, int records, long bytes, boolean full, long durationNanos,
        long putNanos, long freshnessMaxMs, long lagRecords, long behindMs, long cycleNanos) {

    /** The share of the cycle spent processing, in [0, 1]; 0 when unknown. */
    public double busy() {
        return cycleNanos <= 0 ? 0 : Math.min(1.0, durationNanos / (double) cycleNanos);
    }
}
