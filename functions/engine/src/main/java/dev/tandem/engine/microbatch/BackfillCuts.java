package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.window.Window;

/**
 * The live path's side of a backfill: when a partition's oldest unread record is older than
 * {@code freshness.backfillAfter}, the offsets from its checkpoint to the end offset the trigger
 * last saw become a {@link BackfillCut}, and the partition jumps to that end.
 *
 * <p>The cut object is the decision: it is written first, then a checkpoint at the end offset with
 * the state unchanged. A crash between the two leaves a cut that starts at the restored checkpoint,
 * and the restore completes the jump ({@link #completeJump}) instead of deciding afresh — so the
 * live path never processes offsets that a cut hands to the batch rhythm, and no offset is skipped
 * without a cut naming it.
 */
final class BackfillCuts {

    private static final System.Logger LOG = System.getLogger(BackfillCuts.class.getName());

    private final PipelineDefinition definition;
    private final ObjectStore store;
    private final Checkpointer checkpointer;
    private final MicroBatchMetrics metrics;
    private final Clock clock;
    private final Optional<Duration> after;

    BackfillCuts(PipelineDefinition definition, ObjectStore store, Checkpointer checkpointer, MicroBatchMetrics metrics,
            Clock clock) {
        this.definition = definition;
        this.store = store;
        this.checkpointer = checkpointer;
        this.metrics = metrics;
        this.clock = clock;
        this.after = definition.freshness().backfillAfter();
    }

    /**
     * Cuts the partition's backlog if its oldest unread record, produced at {@code oldestProducedAtMs},
     * is older than the threshold and the trigger knows where the partition ends. Called with the
     * partition's lock held.
     */
    Optional<BackfillCut> cutIfBehind(OwnedPartition p, long oldestProducedAtMs) {
        long end = p.endOffset;
        if (after.isEmpty() || end == OwnedPartition.END_UNKNOWN || end == Long.MAX_VALUE || end <= p.nextOffset) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.toEpochMilli() - oldestProducedAtMs <= after.get().toMillis()) {
            return Optional.empty();
        }
        BackfillCut cut = new BackfillCut(definition.name(), definition.source().topic(), p.partition, p.nextOffset, end,
                now, Instant.ofEpochMilli(oldestProducedAtMs));
        store.put(cut.key(), cut.toJson(), Map.of());
        jump(p, cut);
        LOG.log(System.Logger.Level.INFO, String.format(
                "%s-%d: oldest unread record is %d s old (freshness.backfillAfter %s): offsets %d..%d left to a"
                        + " backfill (%s), continuing from %d",
                cut.topic(), cut.partition(), (now.toEpochMilli() - oldestProducedAtMs) / 1000, after.get(),
                cut.fromOffset(), cut.toOffset() - 1, cut.key(), cut.toOffset()));
        return Optional.of(cut);
    }

    /**
     * At a restore: the partition's cuts, so a FINAL emitted again after a crash carries the same
     * pending-backfill mark as before it (a cut is written before the checkpoint that follows it).
     */
    void load(OwnedPartition p) {
        p.cuts.clear();
        if (after.isEmpty()) {
            return;
        }
        for (ObjectStore.ObjectInfo o : store.list(ObjectKeys.backfillCuts(definition.name(), definition.source().topic(),
                p.partition))) {
            if (ObjectKeys.isBackfillCut(o.key())) {
                store.get(o.key()).ifPresent(bytes -> p.cuts.add(BackfillCut.parse(o.key(), bytes)));
            }
        }
    }

    /**
     * Whether records of one of the partition's cuts may belong in {@code window}: it ends after the
     * oldest left-behind record's produce time less the allowed lateness (an earlier window had
     * closed for those records in a clean run too) and starts before the decision plus
     * {@code event.maxAhead} (no later event time is valid for a record produced before it).
     */
    static boolean pendingBackfill(OwnedPartition p, Window window, PipelineDefinition definition) {
        for (BackfillCut c : p.cuts) {
            if (window.endMs() > c.oldestProducedAt().toEpochMilli() - definition.allowedLateness().toMillis()
                    && window.startMs() < c.decidedAt().toEpochMilli() + definition.event().maxAhead().toMillis()) {
                return true;
            }
        }
        return false;
    }

    /** After a restore: a cut that starts at the restored offset was decided, but the jump not yet checkpointed. */
    void completeJump(OwnedPartition p) {
        String key = ObjectKeys.backfillCut(definition.name(), definition.source().topic(),
                p.partition, p.nextOffset);
        Optional<byte[]> bytes = store.get(key);
        if (bytes.isEmpty()) {
            return;
        }
        BackfillCut cut = BackfillCut.parse(key, bytes.get());
        LOG.log(System.Logger.Level.INFO, String.format("%s-%d: completing the jump of backfill cut %s to offset %d",
                cut.topic(), cut.partition(), key, cut.toOffset()));
        jump(p, cut);
    }

    private void jump(OwnedPartition p, BackfillCut cut) {
        checkpointer.afterBatch(p, cut.toOffset());
        p.nextOffset = cut.toOffset();
        p.alreadyDeadLettered.clear();
        p.lastRecordAtMs = clock.millis();
        if (!p.cuts.contains(cut)) {
            p.cuts.add(cut);
        }
        metrics.backfillCut(p.partition, cut.offsets());
    }
}
