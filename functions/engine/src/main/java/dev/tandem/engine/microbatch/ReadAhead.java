package dev.tandem.engine.microbatch;

import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tandem.shared.storage.ObjectStore;

/**
 * GETs of objects used in a known order, issued up to {@link #AHEAD} at a time before they are
 * asked for: a restore then waits for the store's latency about once per {@code AHEAD} objects
 * rather than once per object — with a remote S3 (tens of milliseconds a GET), a chain of 50
 * checkpoint deltas is one or two seconds read one by one. Bounded, so a long chain never holds
 * more than {@code AHEAD} objects' bytes read ahead. A failed read throws its own exception when its
 * object is asked for, as a GET in place would. Not thread-safe: one restore's.
 */
final class ReadAhead implements AutoCloseable {

    /** Reads in flight at most: enough to hide a remote store's latency behind applying deltas. */
    static final int AHEAD = 8;

    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tandem-checkpoint-read");
        t.setDaemon(true);
        return t;
    });

    private final ObjectStore store;
    private final List<String> keys;
    private final ArrayDeque<CompletableFuture<Optional<byte[]>>> reads = new ArrayDeque<>();
    private int issued;

    ReadAhead(ObjectStore store, List<String> keys) {
        this.store = store;
        this.keys = List.copyOf(keys);
        fill();
    }

    /** The next object's bytes, in the order of the keys given; empty if it is not there. */
    Optional<byte[]> next() {
        CompletableFuture<Optional<byte[]>> read = reads.poll();
        if (read == null) {
            throw new NoSuchElementException("all " + keys.size() + " objects were read");
        }
        try {
            Optional<byte[]> bytes = read.join();
            fill();
            return bytes;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private void fill() {
        while (reads.size() < AHEAD && issued < keys.size()) {
            String key = keys.get(issued++);
            reads.add(CompletableFuture.supplyAsync(() -> store.get(key), READERS));
        }
    }

    /** Drops the reads not asked for (a chain that ended early): they finish unread. */
    @Override
    public void close() {
        reads.forEach(r -> r.cancel(false));
    }
}
