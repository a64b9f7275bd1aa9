package dev.tandem.shared.window;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Per-partition watermarks and the pipeline watermark over them.
 *
 * <p>A partition's watermark is the highest event time it has delivered minus the allowed
 * lateness. The pipeline watermark is the minimum over partitions that delivered a record
 * within the idle timeout (processing time); partitions idle for longer do not hold it back.
 * When every partition is idle the pipeline watermark is the maximum of their watermarks, so
 * windows still close once the whole source has gone quiet.
 *
 * <p>Not thread-safe: one micro-batch owns it.
 */
public final class WatermarkTracker {

    private final long latenessMs;
    private final long idleTimeoutMs;
    private final Map<Integer, PartitionProgress> partitions = new TreeMap<>();

    private WatermarkTracker(Duration lateness, Duration idleTimeout) {
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("Invalid value for parameter \"lateness\" (value was: " + lateness
                    + "): use 0 or more");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("Invalid value for parameter \"idleTimeout\" (value was: " + idleTimeout
                    + "): use more than 0");
        }
        this.latenessMs = lateness.toMillis();
        this.idleTimeoutMs = idleTimeout.toMillis();
    }

    public static WatermarkTracker of(Duration lateness, Duration idleTimeout) {
        return new WatermarkTracker(Objects.requireNonNull(lateness), Objects.requireNonNull(idleTimeout));
    }

    /** Records that {@code partition} delivered a record with {@code eventTimeMs} at processing time {@code nowMs}. */
    public void observe(int partition, long eventTimeMs, long nowMs) {
        partitions.compute(partition, (p, old) -> old == null
                ? new PartitionProgress(eventTimeMs, nowMs)
                : new PartitionProgress(Math.max(old.maxEventTimeMs(), eventTimeMs), Math.max(old.lastSeenMs(), nowMs)));
    }

    /** Restores a partition's progress from a checkpoint (its highest event time), as seen at {@code nowMs}. */
    public void restore(int partition, long maxEventTimeMs, long nowMs) {
        partitions.put(partition, new PartitionProgress(maxEventTimeMs, nowMs));
    }

    /** Forgets a partition, e.g. when it is revoked from this instance. */
    public void remove(int partition) {
        partitions.remove(partition);
    }

    /** The watermark of one partition; empty if it has delivered nothing. */
    public OptionalLong partitionWatermark(int partition) {
        PartitionProgress p = partitions.get(partition);
        return p == null ? OptionalLong.empty() : OptionalLong.of(watermarkOf(p));
    }

    /** Whether the partition has been silent for longer than the idle timeout at {@code nowMs}. */
    public boolean isIdle(int partition, long nowMs) {
        PartitionProgress p = partitions.get(partition);
        return p == null || nowMs - p.lastSeenMs() > idleTimeoutMs;
    }

    /** The pipeline watermark at processing time {@code nowMs}; empty before any record. */
    public OptionalLong pipelineWatermark(long nowMs) {
        long minActive = Long.MAX_VALUE;
        long maxAll = Long.MIN_VALUE;
        boolean anyActive = false;
        for (PartitionProgress p : partitions.values()) {
            long wm = watermarkOf(p);
            maxAll = Math.max(maxAll, wm);
            if (nowMs - p.lastSeenMs() <= idleTimeoutMs) {
                anyActive = true;
                minActive = Math.min(minActive, wm);
            }
        }
        if (partitions.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(anyActive ? minActive : maxAll);
    }

    /** The highest event time per partition, for checkpoints and metrics. */
    public Map<Integer, Long> maxEventTimes() {
        Map<Integer, Long> out = new TreeMap<>();
        partitions.forEach((p, progress) -> out.put(p, progress.maxEventTimeMs()));
        return Collections.unmodifiableMap(out);
    }

    private long watermarkOf(PartitionProgress p) {
        // Saturate rather than wrap for event times near Long.MIN_VALUE.
        long wm = p.maxEventTimeMs() - latenessMs;
        return wm > p.maxEventTimeMs() ? Long.MIN_VALUE : wm;
    }

    private record PartitionProgress(long maxEventTimeMs, long lastSeenMs) {
    }
}
