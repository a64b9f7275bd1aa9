package dev.tandem.microbatch.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.shared.storage.Checkpoint;
import dev.tandem.shared.storage.ObjectStore;

/** Checkpoints of one pipeline's source partitions in object storage. */
public final class CheckpointRepository {

    private final ObjectStore store;
    private final String pipeline;
    private final String topic;

    public CheckpointRepository(ObjectStore store, String pipeline, String topic) {
        this.store = store;
        this.pipeline = pipeline;
        this.topic = topic;
    }

    /** The partition's checkpoint with the highest next offset, if any. */
    public Optional<Checkpoint> latest(int partition) {
        List<ObjectStore.ObjectInfo> all = store.list(Checkpoint.prefix(pipeline, topic, partition));
        for (int i = all.size() - 1; i >= 0; i--) {
            String key = all.get(i).key();
            if (key.endsWith(".ckpt")) {
                return store.get(key).map(Checkpoint::parse);
            }
        }
        return Optional.empty();
    }

    public void save(Checkpoint checkpoint) {
        store.put(checkpoint.key(), checkpoint.toBytes(), Map.of("tandem-next-offset",
                Long.toString(checkpoint.nextOffset())));
    }

    /** Deletes all but the newest {@code keep} checkpoints of the partition. */
    public int prune(int partition, int keep) {
        List<String> keys = store.list(Checkpoint.prefix(pipeline, topic, partition)).stream()
                .map(ObjectStore.ObjectInfo::key).filter(k -> k.endsWith(".ckpt")).toList();
        if (keys.size() <= keep) {
            return 0;
        }
        List<String> old = keys.subList(0, keys.size() - keep);
        store.delete(old);
        return old.size();
    }
}
