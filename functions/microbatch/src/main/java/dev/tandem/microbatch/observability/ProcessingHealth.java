package dev.tandem.microbatch.observability;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Readiness of the micro-batch processing: DOWN until the pull consumer's first partition
 * assignment has been restored from the checkpoints (a replacement instance is not ready before it
 * can process), while partitions are being restored, and while batches fail (S3 or Kafka
 * unreachable) and are being retried. Liveness is unaffected: retrying is what the function should
 * be doing. Without the pull channel (records pushed over HTTP) there is no assignment to wait for.
 */
@ApplicationScoped
public class ProcessingHealth {

    private final AtomicInteger restoring = new AtomicInteger();
    private final AtomicReference<String> failing = new AtomicReference<>();
    private final AtomicBoolean awaitingAssignment;

    ProcessingHealth(@ConfigProperty(name = "mp.messaging.incoming.source.enabled", defaultValue = "true")
            boolean pullEnabled) {
        this.awaitingAssignment = new AtomicBoolean(pullEnabled);
    }

    /** The consumer's partitions (possibly none) are assigned and restored. */
    public void assigned() {
        awaitingAssignment.set(false);
    }

    public void restoring(boolean started) {
        if (started) {
            restoring.incrementAndGet();
        } else {
            restoring.decrementAndGet();
        }
    }

    public void failed(Throwable e) {
        failing.set(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    }

    public void succeeded() {
        failing.set(null);
    }

    HealthCheckResponse check() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("tandem micro-batch processing");
        String failure = failing.get();
        if (awaitingAssignment.get()) {
            return b.down().withData("reason", "waiting for the consumer group to assign partitions").build();
        }
        if (restoring.get() > 0) {
            return b.down().withData("reason", "restoring checkpoints").build();
        }
        if (failure != null) {
            return b.down().withData("reason", "retrying a failed batch").withData("error", failure).build();
        }
        return b.up().build();
    }
}

