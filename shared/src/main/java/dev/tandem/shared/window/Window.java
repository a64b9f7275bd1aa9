package dev.tandem.shared.window;

import java.time.Instant;

/**
 * A half-open interval of event time {@code [startMs, endMs)} in epoch milliseconds, UTC.
 *
 * @param startMs first millisecond inside the window
 * @param endMs   first millisecond after the window
 */
public record Window(long startMs, long endMs) implements Comparable<Window> {

    public Window {
        if (endMs <= startMs) {
            throw new IllegalArgumentException(
                    "Invalid window (value was: [" + startMs + ", " + endMs + ")): end must be after start");
        }
    }

    public boolean contains(long eventTimeMs) {
        return eventTimeMs >= startMs && eventTimeMs < endMs;
    }

    /** Closed once a watermark has reached the end: no record inside it is expected any more. */
    public boolean isClosedAt(long watermarkMs) {
        return endMs <= watermarkMs;
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMs);
    }

    public Instant end() {
        return Instant.ofEpochMilli(endMs);
    }

    // Written out, not the record's generated pair: windows are hash keys on every record folded, and
    // the generated methods went through a method-handle chain left uninlined in code not yet at its
    // last tier (3.5% of a recompute's fold threads, with the same in WindowAggregates' keys).
    @Override
    public boolean equals(Object o) {
        return o instanceof Window w && startMs == w.startMs && endMs == w.endMs;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(startMs) + Long.hashCode(endMs);
    }

    /** Orders by start, then by end, which is the order results and snapshots are written in. */
    @Override
    public int compareTo(Window other) {
        int byStart = Long.compare(startMs, other.startMs);
        return byStart != 0 ? byStart : Long.compare(endMs, other.endMs);
    }

    @Override
    public String toString() {
        return "[" + start() + ", " + end() + ")";
    }
}
