package dev.tandem.microbatch.observability;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Readiness of the micro-batch processing: DOWN while partitions are being restored from their
 * checkpoints, and while batches fail (S3 or Kafka unreachable) and are being retried. Liveness
 * is unaffected: retrying is what the function should be doing.
 */
@ApplicationScoped
public class ProcessingHealth {

    private final AtomicInteger restoring = new AtomicInteger();
    private final AtomicReference<String> failing = new AtomicReference<>();

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
        if (restoring.get() > 0) {
            return b.down().withData("reason", "restoring checkpoints").build();
        }
        if (failure != null) {
            return b.down().withData("reason", "retrying a failed batch").withData("error", failure).build();
        }
        return b.up().build();
    }
}

