package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Objects;

/**
 * The latency objective of the micro-batch rhythm: {@code target} of records have their effect
 * in the results within {@code latency} of being produced.
 *
 * @param latency the freshness bound, e.g. 5 s
 * @param target  the fraction of records that must meet it, in (0, 1], e.g. 0.99
 */
public record FreshnessObjective(Duration latency, double target) {

    public FreshnessObjective {
        Objects.requireNonNull(latency, "latency");
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("Invalid value for parameter \"target\" (value was: " + target
                    + "): use a fraction in (0, 1]");
        }
    }
}
