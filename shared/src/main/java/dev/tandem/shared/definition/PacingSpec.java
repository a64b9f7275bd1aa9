package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the micro-batch rhythm sizes its batches: the controller's mode and the bounds it stays in.
 *
 * <p>{@link Mode#ADAPTIVE} lets the controller choose records, bytes and wait per batch within the
 * bounds to keep freshness within the objective's latency at the fewest batches (object writes)
 * per record; {@link Mode#FIXED} takes what has been read, up to {@code maxRecords} and
 * {@code maxBytes}, without waiting — the behaviour before pacing existed.
 *
 * @param mode       adaptive or fixed
 * @param minRecords the smallest record target the controller may choose (a batch may still be
 *                   smaller when its wait runs out)
 * @param maxRecords the largest batch, in records
 * @param maxBytes   the largest batch, in record bytes (key + value)
 * @param maxWait    the longest the first record of a batch may wait for more to join it
 */
public record PacingSpec(Mode mode, int minRecords, int maxRecords, long maxBytes, Duration maxWait) {

    /** A batch is held in memory: this many records at most. */
    public static final int RECORDS_LIMIT = 1_000_000;
    public static final long MIN_BYTES = 64 * 1024;
    public static final long BYTES_LIMIT = 1024L * 1024 * 1024;

    public enum Mode {
        ADAPTIVE, FIXED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PacingSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxWait, "maxWait");
        if (minRecords < 1 || minRecords > maxRecords || maxRecords > RECORDS_LIMIT) {
            throw new IllegalArgumentException("Batch records must satisfy 1 <= minRecords (" + minRecords
                    + ") <= maxRecords (" + maxRecords + ") <= " + RECORDS_LIMIT);
        }
        if (maxBytes < MIN_BYTES || maxBytes > BYTES_LIMIT) {
            throw new IllegalArgumentException("maxBytes (" + maxBytes + ") must be within [" + MIN_BYTES + ", "
                    + BYTES_LIMIT + "]");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative (was " + maxWait + ")");
        }
    }

    /** Adaptive, 100 to 10,000 records, 64 MiB, waiting at most a quarter of the latency. */
    public static PacingSpec defaults(Duration latency) {
        return new PacingSpec(Mode.ADAPTIVE, 100, 10_000, 64L * 1024 * 1024, defaultMaxWait(latency));
    }

    static Duration defaultMaxWait(Duration latency) {
        return latency.dividedBy(4);
    }
}
