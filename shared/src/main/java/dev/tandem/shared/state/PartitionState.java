package dev.tandem.shared.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.tandem.shared.dedupe.DedupeFilter;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.window.Window;

/**
 * The state of one source partition: its window aggregates, its dedupe filter and its highest
 * event time. Not thread-safe; one owner at a time.
 *
 * <p>The partition's watermark is its highest event time minus the allowed lateness (no
 * watermark before the first record). Records are folded one at a time in the order given,
 * which must be offset order; each is judged against the watermark of the records before it.
 */
public final class PartitionState {

    /** Format 2 remembers ids as digests; format 1 (ids as text) is refused with what to do. */
    private static final int MAGIC = 0x54505332; // "TPS2"
    /** Ids' times as varint differences; {@link #FIXED_WIDTH_DELTA_MAGIC} deltas are still read. */
    private static final int DELTA_MAGIC = 0x54504433; // "TPD3"
    private static final int FIXED_WIDTH_DELTA_MAGIC = 0x54504432; // "TPD2"
    private static final int OLD_MAGIC = 0x54505331; // "TPS1"
    private static final int OLD_DELTA_MAGIC = 0x54504431; // "TPD1"
    private static final String FROM_FRESH_STATE = "recompute the affected range with the batch function and start "
            + "from fresh state";

    private final StateLayout layout;
    private final int partition;
    private final DedupeFilter dedupe;
    private final WindowAggregates aggregates;
    private long maxEventTimeMs;

    private PartitionState(StateLayout layout, int partition, DedupeFilter dedupe, WindowAggregates aggregates,
            long maxEventTimeMs) {
        this.layout = layout;
        this.partition = partition;
        this.dedupe = dedupe;
        this.aggregates = aggregates;
        this.maxEventTimeMs = maxEventTimeMs;
    }

    public static PartitionState empty(StateLayout layout, int partition) {
        return new PartitionState(layout, partition, DedupeFilter.of(layout.dedupeHorizon()),
                new WindowAggregates(layout.aggregation()), Long.MIN_VALUE);
    }

    public int partition() {
        return partition;
    }

    public StateLayout layout() {
        return layout;
    }

    /** The highest event time folded, or empty before the first record. */
    public OptionalLong maxEventTimeMs() {
        return maxEventTimeMs == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(maxEventTimeMs);
    }

    /** The partition's watermark; {@link Long#MIN_VALUE} before the first record. */
    public long watermarkMs() {
        if (maxEventTimeMs == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long wm = maxEventTimeMs - layout.latenessMs();
        return wm > maxEventTimeMs ? Long.MIN_VALUE : wm;
    }

    /** Open (not yet closed) windows and their groups. */
    public int openRows() {
        return aggregates.size();
    }

    public int rememberedIds() {
        return dedupe.size();
    }

    /** Event ids the dedupe filter holds in memory (see {@link DedupeFilter#held()}). */
    public int heldIds() {
        return dedupe.held();
    }

    /** Folds records of this partition in offset order. */
    public FoldOutcome fold(List<Envelope> records, FoldMode mode) {
        int folded = 0;
        int duplicates = 0;
        List<Envelope> late = new ArrayList<>();
        for (Envelope r : records) {
            if (r.source().partition() != partition) {
                throw new IllegalArgumentException("Record " + r.source() + " does not belong to partition " + partition);
            }
            long watermark = watermarkMs();
            if (!dedupe.firstSeen(r.eventId(), r.eventTimeMs(), watermark)) {
                duplicates++;
                continue;
            }
            List<Window> windows = layout.window().windowsFor(r.eventTimeMs());
            boolean isLate = windows.get(0).isClosedAt(watermark);
            for (Window w : windows) {
                if (mode == FoldMode.INCLUDE_LATE || !w.isClosedAt(watermark)) {
                    aggregates.add(w, r);
                }
            }
            if (isLate) {
                late.add(r);
            }
            folded++;
            maxEventTimeMs = Math.max(maxEventTimeMs, r.eventTimeMs());
        }
        dedupe.forgetBefore(watermarkMs());
        return new FoldOutcome(folded, duplicates, late);
    }

    /**
     * Moves the watermark forward to at least {@code watermarkMs} without a record, for a
     * partition that has been idle. The caller must make this decision durable (checkpoint it)
     * before acting on the windows it closes, so a retry decides the same.
     */
    public void advanceWatermarkTo(long watermarkMs) {
        long impliedMax = watermarkMs + layout.latenessMs();
        if (impliedMax > maxEventTimeMs) {
            maxEventTimeMs = impliedMax;
            dedupe.forgetBefore(watermarkMs());
        }
    }

    /** Removes and returns the rows of windows the watermark has closed, by window then group. */
    public List<WindowResult> closeWindows() {
        long watermark = watermarkMs();
        return aggregates.removeWindows(w -> w.isClosedAt(watermark));
    }

    /**
     * Removes the rows of windows {@code predicate} selects and returns them as mergeable
     * aggregates; a batch run takes closed windows this way to merge partials across partitions.
     */
    public WindowAggregates takeWindows(java.util.function.Predicate<Window> predicate) {
        return aggregates.extractWindows(predicate);
    }

    /** The end of the open window that closes first, or empty if no window is open. */
    public OptionalLong earliestOpenWindowEnd() {
        return aggregates.earliestWindowEnd();
    }

    /** The rows of windows still open, for provisional results. */
    public List<WindowResult> openResults() {
        return aggregates.results();
    }

    /** The snapshot: layout fingerprint, partition, highest event time, dedupe ids (as first seen), rows (sorted). */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(layout.fingerprint());
            out.writeInt(partition);
            out.writeLong(maxEventTimeMs);
            dedupe.writeTo(out);
            aggregates.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * What changed since the last {@link #markCheckpointed()} (or restore): the highest event
     * time, the ids remembered, the rows removed and the rows changed. Applied to the state it was
     * taken from with {@link #applyDelta}, it gives this state; it is much smaller than a snapshot
     * when the dedupe horizon holds many ids.
     */
    public byte[] delta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(DELTA_MAGIC);
            out.writeUTF(layout.fingerprint());
            out.writeInt(partition);
            out.writeLong(maxEventTimeMs);
            dedupe.writeAddedTo(out);
            aggregates.writeChangesTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Everything so far is durable: the next {@link #delta()} starts from here. */
    public void markCheckpointed() {
        dedupe.markClean();
        aggregates.markClean();
    }

    /** Applies a {@link #delta()} taken from the state this one is now equal to. */
    public void applyDelta(byte[] delta) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(delta))) {
            int magic = in.readInt();
            if (magic == OLD_DELTA_MAGIC) {
                throw new IllegalStateException("The delta was written by an earlier Tandem in state format 1, which "
                        + "this version does not read; " + FROM_FRESH_STATE);
            }
            if (magic != DELTA_MAGIC && magic != FIXED_WIDTH_DELTA_MAGIC) {
                throw new IllegalStateException("Not a Tandem partition state delta");
            }
            String fingerprint = in.readUTF();
            if (!fingerprint.equals(layout.fingerprint())) {
                throw new IllegalStateException("The delta was written under state layout " + fingerprint
                        + " but the pipeline now has layout " + layout.fingerprint());
            }
            int p = in.readInt();
            if (p != partition) {
                throw new IllegalStateException("A delta of partition " + p + " cannot apply to partition " + partition);
            }
            maxEventTimeMs = Math.max(maxEventTimeMs, in.readLong());
            if (magic == DELTA_MAGIC) {
                dedupe.applyAdded(in);
            } else {
                dedupe.applyAddedFixedWidth(in);
            }
            aggregates.applyChanges(in);
            dedupe.forgetBefore(watermarkMs());
        } catch (IOException e) {
            throw new IllegalStateException("Corrupt partition state delta: " + e.getMessage(), e);
        }
        markCheckpointed();
    }

    /**
     * Restores a snapshot written under the same layout.
     *
     * @throws IllegalStateException if it was written under another layout (the definition's
     *                               windows, lateness, horizon, group-by or aggregates changed)
     */
    public static PartitionState restore(StateLayout layout, byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int magic = in.readInt();
            if (magic == OLD_MAGIC) {
                throw new IllegalStateException("The snapshot was written by an earlier Tandem in state format 1, "
                        + "which this version does not read; " + FROM_FRESH_STATE);
            }
            if (magic != MAGIC) {
                throw new IllegalStateException("Not a Tandem partition state snapshot");
            }
            String fingerprint = in.readUTF();
            if (!fingerprint.equals(layout.fingerprint())) {
                throw new IllegalStateException("The snapshot was written under state layout " + fingerprint
                        + " but the pipeline now has layout " + layout.fingerprint()
                        + " (windows, lateness, dedupe horizon, group-by or aggregates changed); " + FROM_FRESH_STATE);
            }
            int partition = in.readInt();
            long max = in.readLong();
            DedupeFilter dedupe = DedupeFilter.readFrom(in, layout.dedupeHorizon());
            WindowAggregates aggregates = WindowAggregates.readFrom(in, layout.aggregation());
            if (in.read() != -1) {
                throw new IllegalStateException("Trailing bytes after a partition state snapshot");
            }
            return new PartitionState(layout, partition, dedupe, aggregates, max);
        } catch (IOException e) {
            throw new IllegalStateException("Corrupt partition state snapshot: " + e.getMessage(), e);
        }
    }
}
