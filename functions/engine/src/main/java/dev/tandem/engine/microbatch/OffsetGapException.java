package dev.tandem.engine.microbatch;

/**
 * A batch starts after the partition's next offset: records in between were never processed
 * here. The trigger must deliver from {@link #expectedOffset()} again (the pull trigger seeks).
 */
public final class OffsetGapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int partition;
    private final long expectedOffset;
    private final long firstOffset;

    public OffsetGapException(String topic, int partition, long expectedOffset, long firstOffset) {
        super("Batch of " + topic + "-" + partition + " starts at offset " + firstOffset
                + " but the checkpoint's next offset is " + expectedOffset + "; redeliver from " + expectedOffset);
        this.partition = partition;
        this.expectedOffset = expectedOffset;
        this.firstOffset = firstOffset;
    }

    public int partition() {
        return partition;
    }

    public long expectedOffset() {
        return expectedOffset;
    }

    public long firstOffset() {
        return firstOffset;
    }
}
