package dev.tandem.engine.microbatch;

/** What the processor reports; the core knows only this interface. */
public interface MicroBatchMetrics {

    MicroBatchMetrics NONE = new MicroBatchMetrics() {
    };

    /** A batch of a partition finished (checkpointed). */
    default void batch(BatchOutcome outcome, long durationNanos) {
    }

    /** One step of a batch took this long (validate, land, fold, emit, checkpoint, ...). */
    default void step(Step step, long durationNanos) {
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

    /** Produce time → effect durable, for every valid record of one batch. */
    default void freshness(long[] millis) {
        for (long m : millis) {
            freshness(m);
        }
    }

    /** The partition's watermark after a batch; {@link Long#MIN_VALUE} if none yet. */
    default void watermark(int partition, long watermarkMs) {
    }

    /**
     * The size of the partition's state after a batch: the event ids its dedupe filter holds (the
     * state that grows with rate × horizon) and the open (window, group) rows.
     */
    default void stateSize(int partition, int heldIds, int openRows) {
    }

    /** The partition is no longer owned here. */
    default void forget(int partition) {
    }

    /** The live path left {@code offsets} offsets of the partition to a backfill and went on from the head. */
    default void backfillCut(int partition, long offsets) {
    }

    /** Reports to every one of {@code all}, in order. */
    static MicroBatchMetrics all(MicroBatchMetrics... all) {
        return new MicroBatchMetrics() {
            @Override
            public void batch(BatchOutcome outcome, long durationNanos) {
                for (MicroBatchMetrics m : all) {
                    m.batch(outcome, durationNanos);
                }
            }

            @Override
            public void step(Step step, long durationNanos) {
                for (MicroBatchMetrics m : all) {
                    m.step(step, durationNanos);
                }
            }

            @Override
            public void segmentPut(long bytes, long durationNanos) {
                for (MicroBatchMetrics m : all) {
                    m.segmentPut(bytes, durationNanos);
                }
            }

            @Override
            public void checkpoint(long bytes, long durationNanos) {
                for (MicroBatchMetrics m : all) {
                    m.checkpoint(bytes, durationNanos);
                }
            }

            @Override
            public void freshness(long millis) {
                for (MicroBatchMetrics m : all) {
                    m.freshness(millis);
                }
            }

            @Override
            public void freshness(long[] millis) {
                for (MicroBatchMetrics m : all) {
                    m.freshness(millis);
                }
            }

            @Override
            public void watermark(int partition, long watermarkMs) {
                for (MicroBatchMetrics m : all) {
                    m.watermark(partition, watermarkMs);
                }
            }

            @Override
            public void stateSize(int partition, int heldIds, int openRows) {
                for (MicroBatchMetrics m : all) {
                    m.stateSize(partition, heldIds, openRows);
                }
            }

            @Override
            public void forget(int partition) {
                for (MicroBatchMetrics m : all) {
                    m.forget(partition);
                }
            }

            @Override
            public void backfillCut(int partition, long offsets) {
                for (MicroBatchMetrics m : all) {
                    m.backfillCut(partition, offsets);
                }
            }
        };
    }
}
