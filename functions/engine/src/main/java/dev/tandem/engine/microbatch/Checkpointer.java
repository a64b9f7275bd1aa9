package dev.tandem.engine.microbatch;

import java.util.Optional;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Checkpoint;
import dev.tandem.shared.storage.CheckpointDelta;
import dev.tandem.shared.storage.ObjectStore;

/**
 * Checkpoints a partition's state after each batch: a delta of what the batch changed, chained to
 * the last checkpoint, and a full snapshot when there is none to chain to or after
 * {@link MicroBatchSettings#deltasPerFull()} deltas (after which older checkpoints are pruned).
 * Restoring reads the newest full checkpoint and its chain.
 */
final class Checkpointer {

    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final PipelineDefinition definition;
    private final StateLayout layout;
    private final CheckpointRepository checkpoints;
    private final MicroBatchSettings settings;
    private final MicroBatchMetrics metrics;

    Checkpointer(PipelineDefinition definition, ObjectStore store, MicroBatchSettings settings,
            MicroBatchMetrics metrics) {
        this.definition = definition;
        this.layout = StateLayout.of(definition);
        this.checkpoints = new CheckpointRepository(store, definition.name(), definition.source().topic(),
                definition.landingCodec());
        this.settings = settings;
        this.metrics = metrics;
    }

    StateLayout layout() {
        return layout;
    }

    PartitionState emptyState(int partition) {
        return PartitionState.empty(layout, partition);
    }

    /** After a batch that processed up to {@code nextOffset}: a delta, or a full checkpoint when one is due. */
    void afterBatch(OwnedPartition p, long nextOffset) {
        if (!p.hasFull || p.deltasSinceFull >= settings.deltasPerFull()) {
            full(p, nextOffset);
            return;
        }
        long t0 = System.nanoTime();
        CheckpointDelta delta = new CheckpointDelta(definition.name(), definition.source().topic(), p.partition,
                p.nextOffset, nextOffset, layout.fingerprint(), p.state.delta());
        checkpoints.save(delta);
        p.state.markCheckpointed();
        p.deltasSinceFull++;
        metrics.checkpoint(delta.delta().length, System.nanoTime() - t0);
    }

    /** A full checkpoint: the snapshot of the state; older checkpoints are pruned after it. */
    void full(OwnedPartition p, long nextOffset) {
        long t0 = System.nanoTime();
        Checkpoint c = new Checkpoint(definition.name(), definition.source().topic(), p.partition, nextOffset,
                layout.fingerprint(), p.state.snapshot());
        int bytes = checkpoints.save(c);
        p.state.markCheckpointed();
        p.hasFull = true;
        p.deltasSinceFull = 0;
        metrics.checkpoint(bytes, System.nanoTime() - t0);
        checkpoints.prune(p.partition, settings.checkpointsKept());
    }

    /** Sets the partition's state and next offset to its latest checkpoint's, or empty at offset 0. */
    void restore(OwnedPartition p) {
        Optional<CheckpointRepository.Restored> restored = checkpoints.restore(p.partition, layout);
        if (restored.isPresent()) {
            p.state = restored.get().state();
            p.nextOffset = restored.get().nextOffset();
            p.hasFull = true;
            p.deltasSinceFull = restored.get().deltasApplied();
            LOG.log(System.Logger.Level.DEBUG, () -> String.format("Restored %s-%d at offset %d (%d deltas)",
                    definition.source().topic(), p.partition, p.nextOffset, p.deltasSinceFull));
        } else {
            p.state = PartitionState.empty(layout, p.partition);
            p.nextOffset = 0;
            p.hasFull = false;
            p.deltasSinceFull = 0;
        }
    }
}
