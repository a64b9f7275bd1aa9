package dev.tandem.engine.pacing;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Drains partitions on a pool of {@code parallelism} threads, so a trigger goes on reading while
 * batches run, and the batches of different partitions overlap: one partition's batch computes
 * while another's waits on its object-store writes. A partition is drained by one thread at a
 * time, so its batches still run one after another, in offset order; a drain asked for while one
 * runs runs again after it, so no request is lost.
 *
 * <p>The trigger's thread holds back ({@link #awaitRoom}) while every thread is busy or a busy
 * partition already holds the records of another batch: reading further ahead would only hold
 * more records in memory. A drain that throws (the trigger's own retries caught nothing) stops
 * the drains and is rethrown to the trigger's thread the next time it waits for room, as if it had
 * thrown there: records taken for a batch are past the partition's checkpoint, and nothing goes on
 * without them.
 */
public final class PartitionDrains implements AutoCloseable {

    /**
     * How often a waiting trigger looks again: a partition stops being backed up when its drain
     * takes a batch, which nobody signals; a small share of a batch's time.
     */
    private static final long WAIT_SLICE_MS = 10;

    private final int parallelism;
    private final IntConsumer drain;
    private final ExecutorService pool;
    /** Partition → drains asked for and not yet run out (0 when idle). */
    private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Object progress = new Object();

    /**
     * @param parallelism partitions drained at once
     * @param drain       runs the ready batches of one partition, on a pool thread
     * @param threadName  the pool threads' name
     */
    public PartitionDrains(int parallelism, IntConsumer drain, String threadName) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
        this.drain = drain;
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks for a drain of each partition; returns at once. */
    public void request(Collection<Integer> partitions) {
        for (int partition : partitions) {
            AtomicInteger pending = requests.computeIfAbsent(partition, p -> new AtomicInteger());
            if (pending.getAndIncrement() == 0) {
                try {
                    pool.execute(() -> work(partition, pending));
                } catch (RejectedExecutionException e) {
                    // Closed: nothing runs any more.
                    pending.set(0);
                }
            }
        }
    }

    private void work(int partition, AtomicInteger pending) {
        try {
            int seen;
            do {
                seen = pending.get();
                if (failure.get() == null) {
                    drain.accept(partition);
                }
            } while (pending.addAndGet(-seen) != 0);
        } catch (RuntimeException | Error e) {
            pending.set(0);
            failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** Partitions with a drain asked for or running. */
    public int busy() {
        int busy = 0;
        for (AtomicInteger pending : requests.values()) {
            if (pending.get() > 0) {
                busy++;
            }
        }
        return busy;
    }

    /**
     * Waits while every thread is busy, or a busy partition is {@code backedUp} (holds the records
     * of another batch already). Returns early if the calling thread is interrupted (its flag set
     * again).
     *
     * @throws RuntimeException what a drain threw, if one did
     */
    public void awaitRoom(IntPredicate backedUp) {
        synchronized (progress) {
            while (failure.get() == null && (busy() >= parallelism || busyAndBackedUp(backedUp))) {
                try {
                    progress.wait(WAIT_SLICE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private boolean busyAndBackedUp(IntPredicate backedUp) {
        for (Map.Entry<Integer, AtomicInteger> e : requests.entrySet()) {
            if (e.getValue().get() > 0 && backedUp.test(e.getKey())) {
                return true;
            }
        }
        return false;
    }

    /** Stops the threads; a drain in progress is interrupted. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
