package dev.tandem.shared.storage;

import java.util.Objects;

/**
 * One object a batch run read, exactly as listed.
 *
 * @param key  the object key
 * @param size its size in bytes
 * @param etag its ETag, quotes removed
 */
public record ManifestEntry(String key, long size, String etag) {

    public ManifestEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        etag = etag.replace("\"", "");
        if (size < 0) {
            throw new IllegalArgumentException("Invalid value for parameter \"size\" (value was: " + size + ")");
        }
    }
}
