package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source partitions this instance owns, each restored from its checkpoints when first taken
 * (on assignment, or on the first pushed batch of a partition nobody assigned) and reloaded from
 * them after a failed batch.
 */
final class Partitions {

    private final Map<Integer, OwnedPartition> owned = new ConcurrentHashMap<>();
    private final Checkpointer checkpointer;
    private final BackfillCuts cuts;
    private final Clock clock;

    Partitions(Checkpointer checkpointer, BackfillCuts cuts, Clock clock) {
        this.checkpointer = checkpointer;
        this.cuts = cuts;
        this.clock = clock;
    }

    /** Takes the partition afresh: restored from its checkpoints, replacing any earlier ownership. */
    OwnedPartition assign(int partition) {
        OwnedPartition p = restore(partition);
        owned.put(partition, p);
        return p;
    }

    /** The owned partition, restored first if it is not owned yet. */
    OwnedPartition getOrRestore(int partition) {
        return owned.computeIfAbsent(partition, this::restore);
    }

    /** The partition if owned here; never restores. */
    java.util.Optional<OwnedPartition> get(int partition) {
        return java.util.Optional.ofNullable(owned.get(partition));
    }

    boolean isCurrent(OwnedPartition p) {
        return owned.get(p.partition) == p;
    }

    /** Gives up the partition once a batch of it in progress is done; returns whether it was owned. */
    boolean revoke(int partition) {
        OwnedPartition p = owned.get(partition);
        if (p == null) {
            return false;
        }
        p.lock.lock();
        try {
            return owned.remove(partition, p);
        } finally {
            p.lock.unlock();
        }
    }

    boolean owns(int partition) {
        return owned.containsKey(partition);
    }

    Collection<OwnedPartition> all() {
        return owned.values();
    }

    /** Partition → next offset to process. */
    Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> out = new TreeMap<>();
        owned.forEach((p, o) -> out.put(p, o.nextOffset));
        return out;
    }

    /** Partition → watermark (epoch ms), for the partitions that have one. */
    Map<Integer, Long> watermarks() {
        Map<Integer, Long> out = new TreeMap<>();
        owned.forEach((p, o) -> {
            long wm = o.state.watermarkMs();
            if (wm != Long.MIN_VALUE) {
                out.put(p, wm);
            }
        });
        return out;
    }

    /**
     * Replaces the partition's in-memory state by its checkpoints' (after a failed batch), completing
     * a backfill jump that was decided but not checkpointed.
     */
    void reload(OwnedPartition p) {
        checkpointer.restore(p);
        cuts.load(p);
        cuts.completeJump(p);
        p.lastRecordAtMs = clock.millis();
        p.stale = false;
        p.deadLettersUnknown = true;
        p.alreadyDeadLettered.clear();
    }

    private OwnedPartition restore(int partition) {
        OwnedPartition p = new OwnedPartition(partition, checkpointer.emptyState(partition), 0, clock.millis());
        reload(p);
        return p;
    }
}
