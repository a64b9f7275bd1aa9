package dev.tandem.microbatch.observability;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.engine.failure.Decision;
import dev.tandem.engine.failure.FailureListener;
import dev.tandem.engine.failure.Where;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every failed attempt of the micro-batch function as a log line naming pipeline, topic, partition
 * and offset, and as {@code tandem.microbatch.failures} (tagged by operation and decision); readiness
 * is DOWN while an operation keeps failing, UP again once it goes through.
 */
@ApplicationScoped
public class FailureReporting implements FailureListener {

    private static final Logger LOG = Logger.getLogger(FailureReporting.class);

    private final MeterRegistry registry;
    private final ProcessingHealth health;

    FailureReporting(MeterRegistry registry, ProcessingHealth health) {
        this.registry = registry;
        this.health = health;
    }

    @Override
    public void failed(Where where, int attempt, Throwable failure, Decision decision) {
        Counter.builder(MicrometerMetrics.PREFIX + "failures")
                .description("Failed attempts of micro-batch operations, by what was decided next")
                .tag("pipeline", where.pipeline()).tag("operation", where.operation()).tag("decision", decision.label())
                .register(registry).increment();
        if (!(decision instanceof Decision.Seek)) {
            health.failed(failure);
        }
        String next = decision instanceof Decision.Retry r ? "retrying in " + r.delay()
                : decision instanceof Decision.Seek s ? "redelivering from offset " + s.offset() : "giving up";
        LOG.warnf("%s failed (attempt %d): %s; %s", where, attempt, failure.getMessage(), next);
    }

    @Override
    public void recovered(Where where, int attempts) {
        LOG.infof("%s succeeded after %d attempts", where, attempts);
    }
}
