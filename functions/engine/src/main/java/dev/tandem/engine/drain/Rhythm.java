package dev.tandem.engine.drain;

import java.time.Duration;
import java.util.Objects;

import dev.tandem.shared.definition.FreshnessObjective;

/**
 * How the micro-batch function runs a pipeline, chosen from its freshness latency {@code L}:
 * below {@code drainFrom} it runs {@link Mode#CONTINUOUS}ly (the pull consumer, paced batches);
 * from {@code drainFrom} on it {@link Mode#DRAIN}s every {@code L/2} — a record produced just after
 * a drain started waits one cadence for the next one and then that drain's own time, so half the
 * latency is left for starting the function and draining. Between drains nothing needs to run.
 *
 * @param mode   continuous or drain
 * @param every  the drain cadence ({@code L/2}); zero when continuous
 * @param reason one line saying why, for the start-up log and the info endpoint
 */
public record Rhythm(Mode mode, Duration every, String reason) {

    /** The default threshold: below it a scale-to-zero function would start more often than it would idle. */
    public static final Duration DEFAULT_DRAIN_FROM = Duration.ofMinutes(5);

    public enum Mode {
        CONTINUOUS, DRAIN
    }

    public Rhythm {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(every, "every");
    }

    public static Rhythm of(FreshnessObjective freshness, Duration drainFrom) {
        Duration latency = freshness.latency();
        if (latency.compareTo(drainFrom) < 0) {
            return new Rhythm(Mode.CONTINUOUS, Duration.ZERO, "freshness.latency " + latency.toString().substring(2)
                    .toLowerCase() + " is below " + drainFrom.toString().substring(2).toLowerCase()
                    + ": continuous micro-batches");
        }
        Duration every = latency.dividedBy(2);
        return new Rhythm(Mode.DRAIN, every, "freshness.latency " + latency.toString().substring(2).toLowerCase()
                + " is at least " + drainFrom.toString().substring(2).toLowerCase() + ": a drain every "
                + every.toString().substring(2).toLowerCase());
    }
}
