package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The latency objective of the micro-batch rhythm: {@code target} of records have their effect
 * in the results within {@code latency} of being produced; and how batches are paced to meet it.
 *
 * @param latency the freshness bound, e.g. 5 s
 * @param target  the fraction of records that must meet it, in (0, 1], e.g. 0.99
 * @param pacing  how micro-batches are sized
 * @param backfillAfter how old a partition's oldest unread record may be before the live path
 *                      leaves the backlog to a backfill and continues from the head; empty: never
 */
public record FreshnessObjective(Duration latency, double target, PacingSpec pacing, Optional<Duration> backfillAfter) {

    /** The smallest latency the micro-batch rhythm accepts: a batch's object writes alone take tens of ms. */
    public static final Duration MIN_LATENCY = Duration.ofMillis(100);

    /** With the default pacing for this latency. */
    public FreshnessObjective(Duration latency, double target) {
        this(latency, target, PacingSpec.defaults(latency));
    }

    /** Catching up however far behind, never backfilling. */
    public FreshnessObjective(Duration latency, double target, PacingSpec pacing) {
        this(latency, target, pacing, Optional.empty());
    }

    public FreshnessObjective {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(backfillAfter, "backfillAfter");
        if (backfillAfter.isPresent() && backfillAfter.get().compareTo(latency) <= 0) {
            throw new IllegalArgumentException("Invalid value for parameter \"backfillAfter\" (value was: "
                    + backfillAfter.get() + "): it must be longer than the latency (" + latency + ")");
        }
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("Invalid value for parameter \"target\" (value was: " + target
                    + "): use a fraction in (0, 1]");
        }
    }
}
