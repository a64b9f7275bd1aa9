package dev.tandem.demo.generate;

import java.time.Duration;

/**
 * What the generator sends.
 *
 * @param rate       events per second
 * @param duration   for how long
 * @param stores     distinct stores (the group key)
 * @param late       share of events sent far behind their partition (after their window closed)
 * @param duplicates share of events that re-send a recent one, byte for byte
 * @param invalid    share of invalid events (negative amount, unknown currency, not JSON)
 * @param disorder   how far an on-time event may be behind the newest (less than the pipeline's lateness)
 * @param lateBy     how far behind a late event is, at least (more than lateness plus a window)
 * @param seed       the random seed: the same options and seed send the same events
 */
public record GeneratorOptions(int rate, Duration duration, int stores, double late, double duplicates, double invalid,
        Duration disorder, Duration lateBy, long seed) {

    public GeneratorOptions {
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1 event/s (was " + rate + ")");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive (was " + duration + ")");
        }
        for (double share : new double[] {late, duplicates, invalid}) {
            if (share < 0 || share > 0.5) {
                throw new IllegalArgumentException("--late, --duplicates and --invalid are shares between 0 and 0.5"
                        + " (was " + share + ")");
            }
        }
        if (stores < 1) {
            throw new IllegalArgumentException("--stores must be at least 1 (was " + stores + ")");
        }
    }

    /** About a minute at a few thousand events/s, 1% late, 1% duplicates, 0.5% invalid. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(3000, Duration.ofSeconds(60), 200, 0.01, 0.01, 0.005, Duration.ofSeconds(3),
                Duration.ofSeconds(25), 20261125L);
    }

    public long events() {
        return rate * duration.toSeconds();
    }
}
