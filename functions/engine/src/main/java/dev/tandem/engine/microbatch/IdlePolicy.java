package dev.tandem.engine.microbatch;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When a partition counts as idle and how far its watermark then moves.
 *
 * <p>Idle means idle: a partition is idle only when it has nothing to read — its next offset has
 * reached the end offset the trigger last saw — and has had nothing to do (no batch with records,
 * never seen with records waiting) for {@code idleTimeout}. A partition that is merely waiting for
 * its turn (a backlog being caught up, a fetch that served other partitions) is never idle: closing
 * its windows would turn on-time records into late ones. Where the trigger does not know end
 * offsets (records pushed over HTTP), the time since the last batch with records decides alone.
 *
 * <p>An idle partition's watermark moves to the lowest watermark of the active partitions, or, when
 * none is active, forward with processing time as if event time had gone on since it became idle —
 * never back, and only when that closes at least one window.
 */
final class IdlePolicy {

    private final long idleMs;

    IdlePolicy(Duration idleTimeout) {
        this.idleMs = idleTimeout.toMillis();
    }

    /**
     * @param nextOffset     the partition's next offset to process
     * @param endOffset      the end offset the trigger last saw; {@link OwnedPartition#END_UNKNOWN} if it
     *                       does not know end offsets, {@link Long#MAX_VALUE} if it cannot tell yet
     * @param lastActiveAtMs the last time the partition processed records or was seen with records waiting
     * @param nowMs          processing time now
     */
    boolean isIdle(long nextOffset, long endOffset, long lastActiveAtMs, long nowMs) {
        boolean nothingToRead = endOffset == OwnedPartition.END_UNKNOWN || nextOffset >= endOffset;
        return nothingToRead && nowMs - lastActiveAtMs > idleMs;
    }

    boolean isIdle(OwnedPartition p, long nowMs) {
        return isIdle(p.nextOffset, p.endOffset, p.lastActiveAtMs(), nowMs);
    }

    /**
     * The watermark an idle partition moves to, if that closes a window.
     *
     * @param watermarkMs        the partition's watermark
     * @param lastActiveAtMs     the last time it processed records or was seen with records waiting
     * @param earliestOpenEndMs  the end of its earliest open window
     * @param activeMinimumMs    the lowest watermark of the active partitions; {@link Long#MAX_VALUE} if none
     * @param nowMs              processing time now
     */
    OptionalLong target(long watermarkMs, long lastActiveAtMs, long earliestOpenEndMs, long activeMinimumMs,
            long nowMs) {
        long byProcessingTime = watermarkMs + (nowMs - lastActiveAtMs - idleMs);
        long target = activeMinimumMs == Long.MAX_VALUE ? byProcessingTime : Math.max(activeMinimumMs, byProcessingTime);
        return target < earliestOpenEndMs ? OptionalLong.empty() : OptionalLong.of(target);
    }
}
