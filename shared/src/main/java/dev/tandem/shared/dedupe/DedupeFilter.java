package dev.tandem.shared.dedupe;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The event ids of one source partition seen within the horizon. Not thread-safe.
 *
 * <p>An id is remembered as the first 128 bits of its SHA-256, with the event time it was seen
 * at: 16 bytes whatever its length, and no object per id. Two different ids share a digest with
 * probability about n²/2¹²⁹ for n ids in the horizon (below 10⁻²⁰ for a billion), and SHA-256
 * keeps that true even for ids chosen by an adversary, which a fast non-cryptographic hash would
 * not.
 *
 * <p>Ids are kept in a log, in the order they were first seen, of primitive arrays, indexed by
 * an open-addressing table; a snapshot writes the log as it is, so it needs no sort and
 * restoring it gives the same log. Ids behind the horizon are forgotten logically at once (a
 * lookup ignores them) and physically in sweeps, when enough of the log may have expired to be
 * worth compacting.
 */
public final class DedupeFilter {

    private static final int MIN_CAPACITY = 1 << 10;
    /** Expired ids may linger for this fraction of the horizon before a sweep removes them. */
    private static final int SWEEP_FRACTION = 8;

    private final long horizonMs;
    private final IdDigest digest = new IdDigest();
    /** The log: id i was seen at {@code times[i]} and has digest {@code his[i], los[i]}. */
    private long[] times;
    private long[] his;
    private long[] los;
    private int logSize;
    /**
     * Open addressing over the log, at most half full: 0 if free, else the log index + 1 in the low
     * {@link #indexBits} and the top bits of the digest above them, so a probe passing another id is
     * decided in the table (one cache line) without reading that id's digest from the log.
     */
    private int[] slots;
    private int indexBits;
    /** Ids seen before this event time are forgotten, whether or not a sweep has removed them yet. */
    private long forgottenBefore = Long.MIN_VALUE;
    /** The lowest event time in the log, expired or not: no sweep is due before it expires. */
    private long lowestTime = Long.MAX_VALUE;
    /** (time, hi, lo) of the ids remembered since {@link #markClean()}: what a delta checkpoint holds. */
    private long[] added = new long[3 * 64];
    private int addedCount;

    private DedupeFilter(Duration horizon, int ids) {
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("Invalid value for parameter \"horizon\" (value was: " + horizon
                    + "): use more than 0");
        }
        this.horizonMs = horizon.toMillis();
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, ids)) << 2);
        times = new long[capacity / 2];
        his = new long[capacity / 2];
        los = new long[capacity / 2];
        slots = new int[capacity];
        indexBits = Integer.numberOfTrailingZeros(capacity);
    }

    public static DedupeFilter of(Duration horizon) {
        return new DedupeFilter(horizon, 0);
    }

    /**
     * Whether this is the first time {@code id} is seen within the horizon of {@code watermarkMs};
     * if so, it is remembered. A remembered id older than the horizon counts as unseen, exactly as
     * if it had already been forgotten.
     */
    public boolean firstSeen(String id, long eventTimeMs, long watermarkMs) {
        long oldestRemembered = Math.max(saturatingSubtract(watermarkMs, horizonMs), forgottenBefore);
        digest.of(id);
        int slot = find(digest.hi, digest.lo);
        if (slot >= 0) {
            int i = index(slots[slot]);
            if (times[i] >= oldestRemembered) {
                return false;
            }
            times[i] = eventTimeMs;
        } else {
            append(-slot - 1, eventTimeMs, digest.hi, digest.lo);
        }
        lowestTime = Math.min(lowestTime, eventTimeMs);
        recordAdded(eventTimeMs, digest.hi, digest.lo);
        return true;
    }

    /** Forgets which ids were added so far: the filter is durable up to here. */
    public void markClean() {
        addedCount = 0;
    }

    /**
     * Writes the ids remembered since {@link #markClean()}, in the order they were seen: their count
     * and each one's event time as a varint of its difference from the previous one (zigzag; times
     * seen together are close, so 1–3 bytes instead of 8), then its 16-byte digest.
     */
    public void writeAddedTo(DataOutput out) throws IOException {
        writeVarLong(out, addedCount);
        long previous = 0;
        for (int i = 0; i < addedCount * 3; i += 3) {
            long time = added[i];
            long difference = time - previous;
            writeVarLong(out, (difference << 1) ^ (difference >> 63));
            out.writeLong(added[i + 1]);
            out.writeLong(added[i + 2]);
            previous = time;
        }
    }

    /** Remembers the ids written by {@link #writeAddedTo}, as if they had been seen here. */
    public void applyAdded(DataInput in) throws IOException {
        long n = readVarLong(in);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IOException("Corrupt dedupe delta: " + n + " ids");
        }
        long previous = 0;
        for (long i = 0; i < n; i++) {
            long zigzag = readVarLong(in);
            long time = previous + ((zigzag >>> 1) ^ -(zigzag & 1));
            long hi = in.readLong();
            long lo = in.readLong();
            remember(time, hi, lo);
            recordAdded(time, hi, lo);
            previous = time;
        }
    }

    /**
     * Remembers ids as the first delta format wrote them (fixed 8-byte times, before 2026-12-01):
     * checkpoint chains written before then still restore.
     */
    public void applyAddedFixedWidth(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("Corrupt dedupe delta: " + n + " ids");
        }
        for (int i = 0; i < n; i++) {
            long time = in.readLong();
            long hi = in.readLong();
            long lo = in.readLong();
            remember(time, hi, lo);
            recordAdded(time, hi, lo);
        }
    }

    private static void writeVarLong(DataOutput out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("Corrupt dedupe delta: a varint longer than 10 bytes");
    }

    /** Forgets ids whose event time is more than the horizon behind {@code watermarkMs}. */
    public void forgetBefore(long watermarkMs) {
        forgottenBefore = Math.max(forgottenBefore, saturatingSubtract(watermarkMs, horizonMs));
        if (lowestTime < forgottenBefore && forgottenBefore - lowestTime >= Math.max(1, horizonMs / SWEEP_FRACTION)) {
            sweep(slots.length);
        }
    }

    /** How many ids are remembered (seen within the horizon of the latest {@link #forgetBefore}). */
    public int size() {
        int n = 0;
        for (int i = 0; i < logSize; i++) {
            if (times[i] >= forgottenBefore) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many ids the filter holds in memory now: the remembered ones and the forgotten ones the
     * next sweep removes. What its memory grows with; cheap, unlike {@link #size()}.
     */
    public int held() {
        return logSize;
    }

    /** Writes the remembered ids in the order they were first seen; a restored filter writes the same bytes. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(size());
        for (int i = 0; i < logSize; i++) {
            if (times[i] >= forgottenBefore) {
                out.writeLong(times[i]);
                out.writeLong(his[i]);
                out.writeLong(los[i]);
            }
        }
    }

    public static DedupeFilter readFrom(DataInput in, Duration horizon) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("Corrupt dedupe state: " + n + " ids");
        }
        DedupeFilter filter = new DedupeFilter(horizon, n);
        for (int i = 0; i < n; i++) {
            filter.remember(in.readLong(), in.readLong(), in.readLong());
        }
        return filter;
    }

    private void remember(long time, long hi, long lo) {
        int slot = find(hi, lo);
        if (slot >= 0) {
            times[index(slots[slot])] = time;
        } else {
            append(-slot - 1, time, hi, lo);
        }
        lowestTime = Math.min(lowestTime, time);
    }

    /** The slot indexing the digest, or {@code -(free slot) - 1}. Digests are uniform: their bits are the hash. */
    private int find(long hi, long lo) {
        int mask = slots.length - 1;
        int s = (int) lo & mask;
        int tag = tag(hi);
        int entry;
        while ((entry = slots[s]) != 0) {
            if ((entry & ~mask) == tag && los[index(entry)] == lo && his[index(entry)] == hi) {
                return s;
            }
            s = (s + 1) & mask;
        }
        return -s - 1;
    }

    /** The digest's top bits, placed above a slot's index bits (a table of 2^k slots indexes at most 2^(k-1) ids). */
    private int tag(long hi) {
        return (int) (hi >>> 32) << indexBits;
    }

    private int index(int entry) {
        return (entry & (slots.length - 1)) - 1;
    }

    private void append(int slot, long time, long hi, long lo) {
        if (logSize == times.length) {
            // The log is as long as half the table: sweep, and grow if that freed less than half.
            sweep(slots.length);
            if (logSize * 2 > times.length) {
                sweep(slots.length * 2);
            }
            slot = -find(hi, lo) - 1;
        }
        times[logSize] = time;
        his[logSize] = hi;
        los[logSize] = lo;
        logSize++;
        slots[slot] = tag(hi) | logSize;
    }

    /** Drops forgotten ids from the log, keeping its order, and indexes it in a table of {@code capacity} slots. */
    private void sweep(int capacity) {
        int kept = 0;
        lowestTime = Long.MAX_VALUE;
        for (int i = 0; i < logSize; i++) {
            if (times[i] >= forgottenBefore) {
                times[kept] = times[i];
                his[kept] = his[i];
                los[kept] = los[i];
                lowestTime = Math.min(lowestTime, times[i]);
                kept++;
            }
        }
        logSize = kept;
        if (capacity / 2 != times.length) {
            times = Arrays.copyOf(times, capacity / 2);
            his = Arrays.copyOf(his, capacity / 2);
            los = Arrays.copyOf(los, capacity / 2);
        }
        if (slots.length == capacity) {
            // Most sweeps keep the table's size: cleared in place, not a table of megabytes per sweep to collect.
            Arrays.fill(slots, 0);
        } else {
            slots = new int[capacity];
        }
        indexBits = Integer.numberOfTrailingZeros(capacity);
        int mask = capacity - 1;
        for (int i = 0; i < logSize; i++) {
            int s = (int) los[i] & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = tag(his[i]) | (i + 1);
        }
    }

    private void recordAdded(long time, long hi, long lo) {
        if (addedCount * 3 == added.length) {
            added = Arrays.copyOf(added, added.length * 2);
        }
        added[addedCount * 3] = time;
        added[addedCount * 3 + 1] = hi;
        added[addedCount * 3 + 2] = lo;
        addedCount++;
    }

    private static long saturatingSubtract(long a, long b) {
        long r = a - b;
        return r > a ? Long.MIN_VALUE : r;
    }
}
