package dev.tandem.localstack;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults of the S3 server's storage, switched on and off while it runs, for tests of what Tandem
 * does when writes are slow or the disk is full. Reads, listings and deletes are never affected:
 * a full disk still serves what it holds, and deleting is how space comes back.
 *
 * <p>Survives {@link LocalStack#s3Outage()}: the restarted server keeps the faults that were set.
 */
public final class S3Faults {

    private volatile Duration writeLatency = Duration.ZERO;
    private volatile boolean diskFull;
    private final AtomicLong delayedWrites = new AtomicLong();
    private final AtomicLong refusedWrites = new AtomicLong();

    S3Faults() {
    }

    /** Every object write (PUT, multipart part, copy) waits this long before it is stored. */
    public S3Faults writeLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("write latency must not be negative: " + latency);
        }
        this.writeLatency = latency;
        return this;
    }

    /**
     * While full, every object write answers 507 Insufficient Storage (what MinIO answers when
     * its drives are full; the AWS SDK does not retry it, the caller's own failure handling
     * does) and stores nothing.
     */
    public S3Faults diskFull(boolean full) {
        this.diskFull = full;
        return this;
    }

    /** Back to a healthy server. */
    public S3Faults clear() {
        return writeLatency(Duration.ZERO).diskFull(false);
    }

    /** Writes delayed by {@link #writeLatency} so far: proof the fault was in effect. */
    public long delayedWrites() {
        return delayedWrites.get();
    }

    /** Writes refused because the disk was full so far. */
    public long refusedWrites() {
        return refusedWrites.get();
    }

    /** Called by the server before it stores an object: waits, or refuses, as the faults say. */
    void beforeWrite(String container, String key) {
        if (diskFull) {
            refusedWrites.incrementAndGet();
            throw FaultyWrites.insufficientStorage(container, key);
        }
        Duration latency = writeLatency;
        if (!latency.isZero()) {
            delayedWrites.incrementAndGet();
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while delaying a write of " + key, e);
            }
        }
    }
}
