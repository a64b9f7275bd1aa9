package dev.tandem.engine.microbatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Checkpoint;
import dev.tandem.shared.storage.CheckpointDelta;
import dev.tandem.shared.storage.ObjectStore;

/**
 * Checkpoints of one pipeline's source partitions in object storage: full snapshots
 * ({@code .ckpt}) and the deltas of the batches after them ({@code .delta}). A partition is
 * restored from its newest full checkpoint and the chain of deltas starting there; where two
 * deltas start at the same offset (a retry that cut its batches differently, or a zombie), the one
 * reaching further is taken — processing is deterministic per record, so both lead to the same
 * state at the same offset.
 */
public final class CheckpointRepository {

    private final ObjectStore store;
    private final String pipeline;
    private final String topic;
    private final SegmentCodec codec;

    /** A repository that reads checkpoints (and writes them gzip-framed). */
    public CheckpointRepository(ObjectStore store, String pipeline, String topic) {
        this(store, pipeline, topic, SegmentCodec.GZIP);
    }

    /** A repository that writes checkpoints compressed with {@code codec}: the pipeline's {@code landing.codec}. */
    public CheckpointRepository(ObjectStore store, String pipeline, String topic, SegmentCodec codec) {
        this.store = store;
        this.pipeline = pipeline;
        this.topic = topic;
        this.codec = codec;
    }

    /** A partition's state as its checkpoints leave it. */
    public record Restored(PartitionState state, long nextOffset, int deltasApplied) {
    }

    /** The partition's newest full checkpoint, if any (without its deltas). */
    public Optional<Checkpoint> latest(int partition) {
        List<String> fulls = fulls(store.list(Checkpoint.prefix(pipeline, topic, partition)));
        return fulls.isEmpty() ? Optional.empty() : store.get(fulls.get(fulls.size() - 1)).map(Checkpoint::parse);
    }

    /**
     * The partition's state at its newest checkpoint: the newest full one plus its chain of deltas.
     *
     * @throws IllegalStateException if a checkpoint was written under another state layout
     */
    public Optional<Restored> restore(int partition, StateLayout layout) {
        List<ObjectStore.ObjectInfo> objects = store.list(Checkpoint.prefix(pipeline, topic, partition));
        List<String> fulls = fulls(objects);
        if (fulls.isEmpty()) {
            return Optional.empty();
        }
        String fullKey = fulls.get(fulls.size() - 1);
        // The chain is planned from the objects' names (a delta's name holds its offsets), so its
        // GETs can overlap; its objects are still checked and applied in order.
        List<String> chain = new ArrayList<>(List.of(fullKey));
        for (String key = successor(objects, fullOffset(fullKey)); key != null;
                key = successor(objects, CheckpointDelta.offsetsOf(key)[0])) {
            chain.add(key);
        }
        try (ReadAhead reads = new ReadAhead(store, chain)) {
            Checkpoint full = reads.next().map(Checkpoint::parse).orElseThrow(
                    () -> new IllegalStateException("Checkpoint " + fullKey + " vanished while restoring"));
            requireLayout(full.key(), full.layout(), layout);
            PartitionState state = PartitionState.restore(layout, full.state());
            long next = full.nextOffset();
            int applied = 0;
            for (String key : chain.subList(1, chain.size())) {
                Optional<byte[]> bytes = reads.next();
                if (bytes.isEmpty()) {
                    break;
                }
                CheckpointDelta delta = CheckpointDelta.parse(bytes.get());
                requireLayout(key, delta.layout(), layout);
                state.applyDelta(delta.delta());
                next = delta.nextOffset();
                applied++;
            }
            return Optional.of(new Restored(state, next, applied));
        }
    }

    /**
     * Of the deltas that start at {@code next}, the one reaching furthest (a retry may have cut its
     * batches differently, a zombie may have written one too); null if none does.
     */
    private static String successor(List<ObjectStore.ObjectInfo> objects, long next) {
        String best = null;
        long bestNext = next;
        for (ObjectStore.ObjectInfo o : objects) {
            long[] offsets = CheckpointDelta.offsetsOf(o.key());
            if (offsets != null && offsets[1] == next && offsets[0] > bestNext) {
                best = o.key();
                bestNext = offsets[0];
            }
        }
        return best;
    }

    /** Writes the checkpoint; returns how many bytes it took. */
    public int save(Checkpoint checkpoint) {
        byte[] bytes = checkpoint.toBytes(codec);
        store.put(checkpoint.key(), bytes, Map.of("tandem-next-offset", Long.toString(checkpoint.nextOffset())));
        return bytes.length;
    }

    public void save(CheckpointDelta delta) {
        store.put(delta.key(), delta.toBytes(codec), Map.of("tandem-next-offset", Long.toString(delta.nextOffset()),
                "tandem-base-offset", Long.toString(delta.baseOffset())));
    }

    /**
     * Deletes all but the newest {@code keep} full checkpoints of the partition and every delta
     * that ends at or before the oldest full checkpoint kept.
     */
    public int prune(int partition, int keep) {
        List<ObjectStore.ObjectInfo> objects = store.list(Checkpoint.prefix(pipeline, topic, partition));
        List<String> fulls = fulls(objects);
        if (fulls.isEmpty()) {
            return 0;
        }
        List<String> old = new ArrayList<>(fulls.subList(0, Math.max(0, fulls.size() - keep)));
        String oldestKept = fulls.get(Math.max(0, fulls.size() - keep));
        long floor = fullOffset(oldestKept);
        for (ObjectStore.ObjectInfo o : objects) {
            long[] offsets = CheckpointDelta.offsetsOf(o.key());
            if (offsets != null && offsets[0] <= floor) {
                old.add(o.key());
            }
        }
        if (!old.isEmpty()) {
            store.delete(old);
        }
        return old.size();
    }

    /** The next offset a full checkpoint's name says it holds ({@code <offset>.ckpt}). */
    private static long fullOffset(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('/') + 1, key.length() - ".ckpt".length()));
    }

    private static List<String> fulls(List<ObjectStore.ObjectInfo> objects) {
        return objects.stream().map(ObjectStore.ObjectInfo::key).filter(k -> k.endsWith(".ckpt")).toList();
    }

    private void requireLayout(String key, String written, StateLayout layout) {
        if (!written.equals(layout.fingerprint())) {
            throw new IllegalStateException("Checkpoint " + key + " was written under state layout " + written
                    + " but pipeline '" + pipeline + "' now has layout " + layout.fingerprint()
                    + "; recompute with the batch function and delete " + Checkpoint.prefix(pipeline, topic, 0)
                            .replaceAll("-0/$", "-<partition>/") + " to start afresh");
        }
    }
}
