package dev.tandem.engine.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.tandem.shared.window.Window;

/**
 * An event-time range {@code [from, to)}. A batch run reads the segments of every hour the range
 * touches and keeps the windows that lie wholly inside it.
 *
 * @param from inclusive
 * @param to   exclusive, after {@code from}
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The start of every UTC hour the range touches, ascending. */
    public List<Instant> hours() {
        List<Instant> hours = new ArrayList<>();
        for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plus(1, ChronoUnit.HOURS)) {
            hours.add(h);
        }
        return hours;
    }

    public boolean containsWindow(Window w) {
        return w.startMs() >= from.toEpochMilli() && w.endMs() <= to.toEpochMilli();
    }

    /** For object keys: {@code 2026-11-25T10:00:00Z_2026-11-25T11:00:00Z}. */
    public String slug() {
        return from + "_" + to;
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
