package dev.tandem.microbatch.observability;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Publishes {@link ProcessingHealth} as a readiness check at {@code /q/health/ready}. */
@Readiness
@ApplicationScoped
public class ProcessingReadiness implements HealthCheck {

    private final ProcessingHealth health;

    ProcessingReadiness(ProcessingHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        return health.check();
    }
}
