package dev.tandem.engine.failure;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs an operation until it succeeds or its {@link FailureStrategy} says otherwise, telling a
 * {@link FailureListener} about every failed attempt.
 */
public final class Attempts {

    /** Waits between attempts; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper THREAD = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    /** How an operation ended. */
    public sealed interface Outcome<T> {

        /** It succeeded with {@code value}. */
        record Done<T>(T value) implements Outcome<T> {
        }

        /** It was not done: its records must be delivered again from {@code offset}. */
        record SeekTo<T>(long offset) implements Outcome<T> {
        }

        /** It was not done because it is no longer wanted (e.g. the partition was revoked meanwhile). */
        record Abandoned<T>() implements Outcome<T> {
        }
    }

    /** The strategy gave up; the message names where, after how many attempts, and why. */
    public static final class GaveUpException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GaveUpException(Where where, String reason, Throwable cause) {
            super(where + " failed: " + reason, cause);
        }
    }

    private final FailureStrategy strategy;
    private final FailureListener listener;
    private final Sleeper sleeper;

    public Attempts(FailureStrategy strategy, FailureListener listener, Sleeper sleeper) {
        this.strategy = strategy;
        this.listener = listener;
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code action} while {@code wanted} holds.
     *
     * @throws GaveUpException when the strategy decides {@link Decision.Fail}
     */
    public <T> Outcome<T> run(Where where, BooleanSupplier wanted, Supplier<T> action) {
        for (int attempt = 1;; attempt++) {
            if (!wanted.getAsBoolean()) {
                return new Outcome.Abandoned<>();
            }
            try {
                T value = action.get();
                if (attempt > 1) {
                    listener.recovered(where, attempt);
                }
                return new Outcome.Done<>(value);
            } catch (RuntimeException e) {
                Decision decision = strategy.decide(e, attempt);
                listener.failed(where, attempt, e, decision);
                if (decision instanceof Decision.Seek s) {
                    return new Outcome.SeekTo<>(s.offset());
                }
                if (decision instanceof Decision.Fail f) {
                    throw new GaveUpException(where, f.reason(), e);
                }
                pause(where, ((Decision.Retry) decision).delay(), e);
            }
        }
    }

    private void pause(Where where, Duration delay, RuntimeException failure) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            GaveUpException gaveUp = new GaveUpException(where, "interrupted while waiting to retry", e);
            gaveUp.addSuppressed(failure);
            throw gaveUp;
        }
    }
}
