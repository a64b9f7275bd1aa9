package dev.tandem.engine.failure;

import java.time.Duration;

import dev.tandem.engine.microbatch.OffsetGapException;

/**
 * Decides what follows a failed attempt. The adapters (pull consumer, push route, partition
 * ownership) each compose the strategy they need from these and run it with {@link Attempts}, so
 * failure handling is decided in one place and every decision is logged and counted the same way.
 */
@FunctionalInterface
public interface FailureStrategy {

    /**
     * @param failure  what was thrown
     * @param attempt  1 for the first failure of the operation, 2 for the second, ...
     */
    Decision decide(Throwable failure, int attempt);

    /** Retries forever, waiting {@code initial}, then twice as long each time, at most {@code max}. */
    static FailureStrategy retryWithBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 < initial (" + initial + ") <= max (" + max + ")");
        }
        return (failure, attempt) -> {
            Duration d = initial;
            for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return new Decision.Retry(d.compareTo(max) > 0 ? max : d);
        };
    }

    /** Fails at once. */
    static FailureStrategy failFast() {
        return (failure, attempt) -> new Decision.Fail(describe(failure));
    }

    /** This strategy until {@code attempts} attempts have failed, then {@link Decision.Fail}. */
    default FailureStrategy failAfter(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("failAfter needs at least 1 attempt (value was: " + attempts + ")");
        }
        return (failure, attempt) -> attempt >= attempts
                ? new Decision.Fail("gave up after " + attempt + " attempts: " + describe(failure))
                : decide(failure, attempt);
    }

    /** A batch that starts after the partition's next offset is delivered again from there; others as this strategy. */
    default FailureStrategy seekOnGap() {
        return (failure, attempt) -> failure instanceof OffsetGapException gap ? new Decision.Seek(gap.expectedOffset())
                : decide(failure, attempt);
    }

    static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
