package dev.tandem.engine.failure;

/** Hears every failed attempt and the decision taken: a metric and a log line in the functions. */
@FunctionalInterface
public interface FailureListener {

    FailureListener NONE = (where, attempt, failure, decision) -> {
    };

    void failed(Where where, int attempt, Throwable failure, Decision decision);

    /** The operation succeeded after failing before (not called when the first attempt succeeds). */
    default void recovered(Where where, int attempts) {
    }
}
