package dev.tandem.shared.record;

import java.util.Objects;

/**
 * Where a record was read: topic, partition and offset. Unique per record; segment keys,
 * checkpoints and lineage are all derived from these.
 */
public record SourceCoordinates(String topic, int partition, long offset) {

    public SourceCoordinates {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("Invalid value for parameter \"partition\" (value was: " + partition + ")");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid value for parameter \"offset\" (value was: " + offset + ")");
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
