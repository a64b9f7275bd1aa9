package dev.tandem.microbatch.observability;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.tandem.microbatch.core.BatchTracing;

/** Tracing wiring. */
public class NoTracing {

    @Produces
    @Singleton
    @io.quarkus.arc.DefaultBean
    BatchTracing tracing() {
        return BatchTracing.NONE;
    }
}
