package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Objects;

import dev.tandem.shared.record.FieldPath;

/**
 * The two fields every event must carry, and how its time is read and bounded.
 *
 * @param id       unique per event; duplicates (same id) are counted once within the dedupe horizon
 * @param time     the event time: an RFC 3339 timestamp string or a whole number in {@code timeUnit}
 * @param timeUnit the unit of a whole-number event time: milliseconds or seconds since the epoch
 * @param maxAhead how far an event time may be ahead of the record's produce time (its Kafka
 *                 timestamp); further is a dead letter {@code event-time/out-of-range}, since one
 *                 such record would move its partition's watermark and make every later record late
 */
public record EventFields(FieldPath id, FieldPath time, TimeUnit timeUnit, Duration maxAhead) {

    /** The default bound of {@link #maxAhead}: producers' clocks and event-time semantics rarely differ by more. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofHours(1);

    /** The unit of a whole-number event time. */
    public enum TimeUnit {
        MILLISECONDS("ms", 1), SECONDS("s", 1000);

        private final String label;
        private final long millis;

        TimeUnit(String label, long millis) {
            this.label = label;
            this.millis = millis;
        }

        public String label() {
            return label;
        }

        /** Epoch milliseconds of {@code value} in this unit, or null if it does not fit. */
        public Long toEpochMillis(long value) {
            try {
                return Math.multiplyExact(value, millis);
            } catch (ArithmeticException e) {
                return null;
            }
        }
    }

    /** Milliseconds, at most an hour ahead. */
    public EventFields(FieldPath id, FieldPath time) {
        this(id, time, TimeUnit.MILLISECONDS, DEFAULT_MAX_AHEAD);
    }

    public EventFields {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(timeUnit, "timeUnit");
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (maxAhead.isNegative() || maxAhead.isZero()) {
            throw new IllegalArgumentException("maxAhead must be positive (was " + maxAhead + ")");
        }
    }
}
