package dev.tandem.engine.microbatch;

/**
 * A hook at every boundary between the steps of a micro-batch, so tests can crash processing
 * there against the real servers. Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface FaultInjector {

    FaultInjector NONE = (boundary, partition) -> {
    };

    /** Called when a batch of {@code partition} reaches {@code boundary}; may throw to simulate a crash. */
    void reached(Boundary boundary, int partition);
}
