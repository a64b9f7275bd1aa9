package dev.tandem.engine.microbatch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tandem.shared.storage.ObjectStore;

/**
 * GETs of objects whose order of use is known, issued up to {@link #AHEAD} at a time before they
 * are asked for: a restore then waits for the store's latency about once per {@code AHEAD} objects
 * rather than once per object — with a remote S3 (tens of milliseconds a GET), a chain of 50
 * checkpoint deltas is one or two seconds read one by one. Bounded, so a long chain never holds
 * more than {@code AHEAD} objects' bytes in memory. An object not planned is read when asked for;
 * a failed read throws its own exception there, as a GET in place would. Not thread-safe: one
 * restore's.
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
    private final List<String> planned;
    private final Map<String, CompletableFuture<Optional<byte[]>>> reads = new HashMap<>();
    private int next;

    ReadAhead(ObjectStore store, List<String> planned) {
        this.store = store;
        this.planned = List.copyOf(planned);
        fill();
    }

    /** The object's bytes, empty if it is not there. */
    Optional<byte[]> get(String key) {
        CompletableFuture<Optional<byte[]>> read = reads.remove(key);
        if (read == null) {
            return store.get(key);
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
        while (reads.size() < AHEAD && next < planned.size()) {
            String key = planned.get(next++);
            reads.put(key, CompletableFuture.supplyAsync(() -> store.get(key), READERS));
        }
    }

    /** Drops the reads not asked for (a chain that ended early): they finish unread. */
    @Override
    public void close() {
        reads.values().forEach(r -> r.cancel(false));
        reads.clear();
        next = planned.size();
    }
}
