package dev.tandem.microbatch.core;

/** What the processor reports; the core knows only this interface. */
public interface MicroBatchMetrics {

    MicroBatchMetrics NONE = new MicroBatchMetrics() {
    };

    /** A batch of a partition finished (checkpointed). */
    default void batch(BatchOutcome outcome, long durationNanos) {
    }

    /** A raw segment was written. */
    default void segmentPut(long bytes, long durationNanos) {
    }

    /** A checkpoint was written. */
    default void checkpoint(long bytes, long durationNanos) {
    }

    /** Produce time → effect durable, for one record. */
    default void freshness(long millis) {
    }

    /** The partition's watermark after a batch; {@link Long#MIN_VALUE} if none yet. */
    default void watermark(int partition, long watermarkMs) {
    }

    /** The partition is no longer owned here. */
    default void forget(int partition) {
    }
}
