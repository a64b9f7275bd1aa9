package dev.tandem.shared.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object storage Tandem keeps its durable state in (S3 or compatible). Implementations
 * throw {@link ObjectStoreException} naming the bucket and key on failure.
 */
public interface ObjectStore {

    /** Writes an object whole, replacing any previous one; returns its ETag without quotes. */
    String put(String key, byte[] bytes, Map<String, String> metadata);

    /** The object's bytes, or empty if there is none. */
    Optional<byte[]> get(String key);

    /** The object with its ETag and user metadata (e.g. the trace id of the batch that wrote it), or empty. */
    Optional<StoredObject> read(String key);

    /** Every object under {@code prefix}, sorted by key. */
    List<ObjectInfo> list(String prefix);

    /** Deletes the objects; missing ones are ignored. */
    void delete(Collection<String> keys);

    /** The bucket (for messages and lineage). */
    String bucket();

    /**
     * An object as listed.
     *
     * @param key  the key
     * @param size bytes
     * @param etag the ETag without quotes
     */
    record ObjectInfo(String key, long size, String etag) {
    }

    /**
     * An object as read.
     *
     * @param bytes    its content
     * @param etag     the ETag without quotes
     * @param metadata user metadata, keys in lower case
     */
    record StoredObject(byte[] bytes, String etag, Map<String, String> metadata) {
        public StoredObject {
            metadata = Map.copyOf(metadata);
        }
    }

    /** A failed call, naming what it was about. */
    final class ObjectStoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ObjectStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
