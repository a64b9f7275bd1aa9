package dev.tandem.engine.microbatch;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When a partition counts as idle and how far its watermark then moves. A partition is idle when it
 * has had no records for {@code idleTimeout}. Its watermark moves to the lowest watermark of the
 * active partitions, or, when none is active, forward with processing time as if event time had
 * gone on — but never back, and only when that closes at least one window.
 */
final class IdlePolicy {

    private final long idleMs;

    IdlePolicy(Duration idleTimeout) {
        this.idleMs = idleTimeout.toMillis();
    }

    boolean isIdle(long lastRecordAtMs, long nowMs) {
        return nowMs - lastRecordAtMs > idleMs;
    }

    /**
     * The watermark an idle partition moves to, if that closes a window.
     *
     * @param watermarkMs        the partition's watermark
     * @param lastRecordAtMs     processing time of its last batch with records
     * @param earliestOpenEndMs  the end of its earliest open window
     * @param activeMinimumMs    the lowest watermark of the active partitions; {@link Long#MAX_VALUE} if none
     * @param nowMs              processing time now
     */
    OptionalLong target(long watermarkMs, long lastRecordAtMs, long earliestOpenEndMs, long activeMinimumMs,
            long nowMs) {
        long byProcessingTime = watermarkMs + (nowMs - lastRecordAtMs - idleMs);
        long target = activeMinimumMs == Long.MAX_VALUE ? byProcessingTime : Math.max(activeMinimumMs, byProcessingTime);
        return target < earliestOpenEndMs ? OptionalLong.empty() : OptionalLong.of(target);
    }
}
