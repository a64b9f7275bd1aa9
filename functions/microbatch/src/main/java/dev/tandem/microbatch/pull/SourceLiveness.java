package dev.tandem.microbatch.pull;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import dev.tandem.function.source.KafkaSource;

/**
 * Liveness of the pull consumer: DOWN once it stopped for good (a partition's checkpoint could not
 * be restored, the broker refused the credentials, an unexpected error while handing a poll on),
 * so the platform restarts the function. Retrying a failing batch is not that: it keeps polling.
 */
@Liveness
@ApplicationScoped
public class SourceLiveness implements HealthCheck {

    private final KafkaSource poller;

    SourceLiveness(KafkaSource poller) {
        this.poller = poller;
    }

    @Override
    public HealthCheckResponse call() {
        return poller.failure().map(f -> HealthCheckResponse.named("tandem source consumer").down()
                .withData("error", f).build()).orElseGet(() -> HealthCheckResponse.up("tandem source consumer"));
    }
}
