package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.state.WindowResult;

/**
 * Closes the windows of owned partitions that the {@link IdlePolicy} finds idle. The advance is
 * checkpointed before anything is emitted, so a crash in between cannot undo the decision, and
 * again after, so the closed windows are not emitted twice. A partition busy with a batch is left
 * for the next call.
 */
final class IdleAdvance {

    private static final System.Logger LOG = System.getLogger(IdleAdvance.class.getName());

    private final String topic;
    private final IdlePolicy policy;
    private final Partitions partitions;
    private final Checkpointer checkpointer;
    private final Emission emission;
    private final MicroBatchMetrics metrics;
    private final Clock clock;

    IdleAdvance(String topic, IdlePolicy policy, Partitions partitions, Checkpointer checkpointer, Emission emission,
            MicroBatchMetrics metrics, Clock clock) {
        this.topic = topic;
        this.policy = policy;
        this.partitions = partitions;
        this.checkpointer = checkpointer;
        this.emission = emission;
        this.metrics = metrics;
        this.clock = clock;
    }

    List<BatchOutcome> run() {
        long now = clock.millis();
        long activeMin = Long.MAX_VALUE;
        for (OwnedPartition p : partitions.all()) {
            long wm = p.state.watermarkMs();
            if (!policy.isIdle(p, now) && wm != Long.MIN_VALUE) {
                activeMin = Math.min(activeMin, wm);
            }
        }
        List<BatchOutcome> outcomes = new ArrayList<>();
        for (OwnedPartition p : partitions.all()) {
            if (!policy.isIdle(p, now) || !p.lock.tryLock()) {
                continue;
            }
            try {
                // Checked again under the lock: a batch may have run since.
            if (partitions.isCurrent(p) && !p.stale && policy.isIdle(p, now)) {
                    advance(p, now, activeMin).ifPresent(outcomes::add);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Closing idle windows of " + topic + "-" + p.partition
                        + " failed; the next batch restores its checkpoint", e);
                p.stale = true;
            } finally {
                p.lock.unlock();
            }
        }
        return outcomes;
    }

    private Optional<BatchOutcome> advance(OwnedPartition p, long now, long activeMin) {
        OptionalLong earliestEnd = p.state.earliestOpenWindowEnd();
        if (p.state.maxEventTimeMs().isEmpty() || earliestEnd.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong target = policy.target(p.state.watermarkMs(), p.lastActiveAtMs(), earliestEnd.getAsLong(),
                activeMin, now);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        p.state.advanceWatermarkTo(target.getAsLong());
        checkpointer.full(p, p.nextOffset);
        List<WindowResult> closed = p.state.closeWindows();
        emission.emit(p, closed, List.of(), RecordSink.Pending.NONE);
        checkpointer.full(p, p.nextOffset);
        BatchOutcome outcome = new BatchOutcome(p.partition, -1, p.nextOffset, 0, 0, 0, 0, 0, closed.size(), 0,
                List.of(), 0, 0);
        metrics.batch(outcome, System.nanoTime() - started);
        metrics.watermark(p.partition, p.state.watermarkMs());
        LOG.log(System.Logger.Level.DEBUG, () -> String.format("Idle partition %s-%d: watermark advanced to %d, %d"
                + " windows closed", topic, p.partition, target.getAsLong(), closed.size()));
        return Optional.of(outcome);
    }
}
