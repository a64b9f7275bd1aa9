package dev.tandem.shared.lineage;

import java.util.List;
import java.util.Objects;

/**
 * Objects read or written by a run, under one key prefix of one bucket.
 *
 * @param bucket the bucket, which names the namespace
 * @param prefix the key prefix, which names the dataset (e.g. {@code raw/orders})
 * @param keys   the exact object keys
 * @param rows   how many records they hold
 * @param bytes  their total size
 */
public record ObjectDataset(String bucket, String prefix, List<String> keys, long rows, long bytes) {

    public ObjectDataset {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        keys = List.copyOf(keys);
    }
}
