package dev.tandem.engine.microbatch;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.shared.storage.BackfillCut;

import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

import dev.tandem.shared.state.PartitionState;

/**
 * A source partition this instance owns: its state, the next offset to process, and a lock so
 * a batch, an idle-watermark advance and a revocation never interleave.
 */
final class OwnedPartition {

    static final long END_UNKNOWN = -1;

    final int partition;
    final ReentrantLock lock = new ReentrantLock();
    PartitionState state;
    long nextOffset;
    /** Processing time (ms) of the last batch with records (or of the restore), for idleness. */
    long lastRecordAtMs;
    /**
     * The end offset the trigger last saw for this partition: {@link #END_UNKNOWN} when the trigger
     * does not say (a push trigger), {@link Long#MAX_VALUE} when it cannot tell yet (no fetch yet).
     */
    volatile long endOffset = END_UNKNOWN;
    /** Processing time (ms) when the partition was last seen with records to read, for idleness. */
    volatile long lastBehindAtMs;
    /** Whether a full checkpoint exists to chain deltas to, and how many deltas follow it. */
    boolean hasFull;
    int deltasSinceFull;
    /** A batch failed: the in-memory state may hold part of it, so it is reloaded before the next. */
    boolean stale;
    /**
     * Restored from a checkpoint and not yet asked which records after it already have a dead
     * letter (sent before a crash); and the answer, offsets at or after the next offset.
     */
    boolean deadLettersUnknown = true;
    final NavigableSet<Long> alreadyDeadLettered = new TreeSet<>();
    /** The partition's backfill cuts, decided here or found at the restore: which FINALs are pending one. */
    final List<BackfillCut> cuts = new ArrayList<>();

    OwnedPartition(int partition, PartitionState state, long nextOffset, long nowMs) {
        this.partition = partition;
        this.state = state;
        this.nextOffset = nextOffset;
        this.lastRecordAtMs = nowMs;
        this.lastBehindAtMs = nowMs;
    }

    /** The last time the partition had something to do: a batch with records, or records waiting. */
    long lastActiveAtMs() {
        return Math.max(lastRecordAtMs, lastBehindAtMs);
    }

    /** The trigger saw {@code end} as the partition's end offset at {@code nowMs}. */
    void observeEnd(long end, long nowMs) {
        endOffset = end;
        if (nextOffset < end) {
            lastBehindAtMs = nowMs;
        }
    }
}
