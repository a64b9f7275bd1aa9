package dev.tandem.localstack;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults of the S3 server's storage, switched on and off while it runs, for tests of what Tandem
 * does when writes are slow, the disk is full or a read's connection drops mid-body — and for
 * benchmarks of reads as slow as a remote S3's. Listings and deletes are never affected: a full
 * disk still serves what it holds, and deleting is how space comes back.
 *
 * <p>Survives {@link LocalStack#s3Outage()}: the restarted server keeps the faults that were set.
 */
public final class S3Faults {

    private volatile Duration writeLatency = Duration.ZERO;
    private volatile Duration readLatency = Duration.ZERO;
    private final AtomicLong delayedReads = new AtomicLong();
    private volatile boolean diskFull;
    private final AtomicLong delayedWrites = new AtomicLong();
    private final AtomicLong refusedWrites = new AtomicLong();
    private final AtomicInteger readsToCut = new AtomicInteger();
    private final AtomicLong cutReads = new AtomicLong();

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
     * Every object GET waits this long before it answers: S3's time to a GET's first byte (tens of
     * milliseconds) where this server, on the same machine, takes a fraction of one.
     */
    public S3Faults readLatency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("read latency must not be negative: " + latency);
        }
        this.readLatency = latency;
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

    /**
     * The next {@code count} object GETs announce the object's whole length, send the first half
     * of its body and end the connection: what a client sees when the server goes away mid-body
     * (an outage, a restart) or when the object it streams is replaced under it, which this
     * filesystem-backed server, unlike S3, does not make atomic for a reader.
     */
    public S3Faults cutReads(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("reads to cut must not be negative: " + count);
        }
        readsToCut.set(count);
        return this;
    }

    /** Back to a healthy server. */
    public S3Faults clear() {
        return writeLatency(Duration.ZERO).readLatency(Duration.ZERO).diskFull(false).cutReads(0);
    }

    /** Writes delayed by {@link #writeLatency} so far: proof the fault was in effect. */
    public long delayedWrites() {
        return delayedWrites.get();
    }

    /** GETs delayed by {@link #readLatency} so far. */
    public long delayedReads() {
        return delayedReads.get();
    }

    /** Writes refused because the disk was full so far. */
    public long refusedWrites() {
        return refusedWrites.get();
    }

    /** GETs whose body was cut by {@link #cutReads} so far. */
    public long cutReadsServed() {
        return cutReads.get();
    }

    /** Called by the server for each object GET: whether to cut this one's body. */
    boolean cutThisRead() {
        if (readsToCut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            cutReads.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Called by the server for each object GET before it answers: waits as {@link #readLatency} says. */
    void beforeRead(String key) {
        pause(readLatency, delayedReads, "a read of " + key);
    }

    /** Called by the server before it stores an object: waits, or refuses, as the faults say. */
    void beforeWrite(String container, String key) {
        if (diskFull) {
            refusedWrites.incrementAndGet();
            throw FaultyBlobStore.insufficientStorage(container, key);
        }
        pause(writeLatency, delayedWrites, "a write of " + key);
    }

    private static void pause(Duration latency, AtomicLong delayed, String what) {
        if (latency.isZero()) {
            return;
        }
        delayed.incrementAndGet();
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delaying " + what, e);
        }
    }
}
