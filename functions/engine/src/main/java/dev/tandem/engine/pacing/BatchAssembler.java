package dev.tandem.engine.pacing;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import dev.tandem.shared.record.RawRecord;

/**
 * Holds the records a trigger has read, per partition, until its {@link Pacing} targets make a
 * batch ready, and runs the ready batches of a partition one after another, in offset order.
 * Thread-safe: the trigger adds from its thread and drains partitions from any (a pull trigger
 * from {@link PartitionDrains}, for ready partitions and those whose wait ran out, {@link #due()});
 * batches of one partition never overlap.
 *
 * <p>Records held here are read but not processed: the partition's checkpoint is before them, so a
 * crash or a revocation only means they are read again.
 */
public final class BatchAssembler {

    /** Runs one batch through the engine (with the trigger's retries). */
    public interface BatchRunner {
        /**
         * @return what the batch cost, or empty if it did not go through (the partition was taken
         *         away, or must be read again from an earlier offset): draining stops
         */
        Optional<Ran> run(FormedBatch batch);
    }

    /**
     * @param durationNanos processing time of the batch
     * @param putNanos      its checkpoint write
     * @param unreadRecords records of the partition beyond the batch that the trigger knows exist
     *                      (end offset − next offset), 0 if it cannot tell
     */
    public record Ran(long durationNanos, long putNanos, long unreadRecords) {
    }

    /** Told about every change of a partition's targets. */
    public interface Listener {
        void changed(int partition, PacingChange change);
    }

    private final IntFunction<Pacing> pacingFor;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Map<Integer, Lane> lanes = new ConcurrentHashMap<>();

    public BatchAssembler(IntFunction<Pacing> pacingFor, Listener listener, LongSupplier nanoTime, Clock clock) {
        this.pacingFor = pacingFor;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    private static final class Lane {
        final Pacing pacing;
        final ArrayDeque<RawRecord> buffer = new ArrayDeque<>();
        final ReentrantLock running = new ReentrantLock();
        long bytes;
        long firstAtNanos;
        long lastEndNanos = -1;

        Lane(Pacing pacing) {
            this.pacing = pacing;
        }
    }

    private Lane lane(int partition) {
        return lanes.computeIfAbsent(partition, p -> {
            Lane lane = new Lane(pacingFor.apply(p));
            listener.changed(p, new PacingChange(lane.pacing.targets(), PacingReason.START));
            return lane;
        });
    }

    /** Appends records the trigger read, in offset order. */
    public void add(int partition, List<RawRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Lane lane = lane(partition);
        synchronized (lane) {
            if (lane.buffer.isEmpty()) {
                lane.firstAtNanos = nanoTime.getAsLong();
            }
            for (RawRecord r : records) {
                lane.buffer.addLast(r);
                lane.bytes += size(r);
            }
        }
    }

    /**
     * Runs the partition's ready batches in order until none is ready or one does not go through.
     * If another thread is running this partition's batches, waits for it.
     *
     * @return batches run
     */
    public int drain(int partition, BatchRunner runner) {
        Lane lane = lanes.get(partition);
        if (lane == null) {
            return 0;
        }
        lane.running.lock();
        int ran = 0;
        try {
            while (lanes.get(partition) == lane) {
                Optional<FormedBatch> batch = take(lane, partition);
                if (batch.isEmpty()) {
                    break;
                }
                Optional<Ran> cost = runner.run(batch.get());
                if (cost.isEmpty()) {
                    break;
                }
                ran++;
                completed(partition, lane, batch.get(), cost.get());
            }
        } finally {
            lane.running.unlock();
        }
        return ran;
    }

    /** Partitions with a batch ready now (enough records or bytes, or the wait ran out). */
    public List<Integer> due() {
        long now = nanoTime.getAsLong();
        List<Integer> due = new ArrayList<>();
        lanes.forEach((p, lane) -> {
            synchronized (lane) {
                if (ready(lane, now)) {
                    due.add(p);
                }
            }
        });
        return due;
    }

    /** Forgets what is held for a partition (it is read again from its checkpoint); its pacing stays. */
    public void clear(int partition) {
        Lane lane = lanes.get(partition);
        if (lane != null) {
            synchronized (lane) {
                lane.buffer.clear();
                lane.bytes = 0;
            }
        }
    }

    /** The partition is no longer owned here: its records and pacing are dropped. */
    public void forget(int partition) {
        lanes.remove(partition);
    }

    /** Records held for a partition. */
    public int held(int partition) {
        Lane lane = lanes.get(partition);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.buffer.size();
        }
    }

    /** Whether the partition holds a batch ready now. */
    public boolean ready(int partition) {
        Lane lane = lanes.get(partition);
        if (lane == null) {
            return false;
        }
        synchronized (lane) {
            return ready(lane, nanoTime.getAsLong());
        }
    }

    /**
     * Whether the partition holds the records of two batches or more under its current targets:
     * one to run next, and one more than a trigger needs to read ahead.
     */
    public boolean backedUp(int partition) {
        Lane lane = lanes.get(partition);
        if (lane == null) {
            return false;
        }
        synchronized (lane) {
            PacingTargets t = lane.pacing.targets();
            return lane.buffer.size() >= 2L * t.records() || lane.bytes / 2 >= t.bytes();
        }
    }

    private Optional<FormedBatch> take(Lane lane, int partition) {
        synchronized (lane) {
            long now = nanoTime.getAsLong();
            if (!ready(lane, now)) {
                return Optional.empty();
            }
            PacingTargets targets = lane.pacing.targets();
            List<RawRecord> records = new ArrayList<>(Math.min(lane.buffer.size(), targets.records()));
            long bytes = 0;
            while (!lane.buffer.isEmpty() && records.size() < targets.records()
                    && (records.isEmpty() || bytes + size(lane.buffer.peekFirst()) <= targets.bytes())) {
                RawRecord r = lane.buffer.pollFirst();
                bytes += size(r);
                records.add(r);
            }
            boolean full = records.size() >= targets.records() || !lane.buffer.isEmpty();
            long waited = now - lane.firstAtNanos;
            lane.bytes -= bytes;
            // What stays behind keeps the batch's start time: it was read no earlier, so its wait is
            // measured from a time at or before its own read — it never waits longer than the target.
            return Optional.of(new FormedBatch(partition, records, bytes, full, waited, targets));
        }
    }

    private static boolean ready(Lane lane, long now) {
        if (lane.buffer.isEmpty()) {
            return false;
        }
        PacingTargets t = lane.pacing.targets();
        return lane.buffer.size() >= t.records() || lane.bytes >= t.bytes()
                || now - lane.firstAtNanos >= t.waitTime().toNanos();
    }

    private void completed(int partition, Lane lane, FormedBatch batch, Ran cost) {
        long end = nanoTime.getAsLong();
        long nowMs = clock.millis();
        PacingChange change;
        synchronized (lane) {
            long lag = Math.max(cost.unreadRecords(), lane.buffer.size());
            long behind = 0;
            if (!lane.buffer.isEmpty()) {
                behind = nowMs - lane.buffer.peekFirst().timestampMs();
            } else if (lag > 0) {
                // The next record is unread: at most as old as the newest one just processed.
                behind = nowMs - batch.records().get(batch.records().size() - 1).timestampMs();
            }
            long cycle = lane.lastEndNanos < 0 ? 0 : end - lane.lastEndNanos;
            lane.lastEndNanos = end;
            PacingObservation o = new PacingObservation(batch.formedWith(), batch.records().size(), batch.bytes(),
                    batch.full(), cost.durationNanos(), cost.putNanos(), nowMs - batch.oldestProducedAtMs(), lag,
                    Math.max(0, behind), cycle);
            change = lane.pacing.observe(o);
        }
        if (change.changed()) {
            listener.changed(partition, change);
        }
    }

    private static long size(RawRecord r) {
        return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
    }
}
