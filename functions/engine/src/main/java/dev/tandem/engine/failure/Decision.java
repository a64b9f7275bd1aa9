package dev.tandem.engine.failure;

import java.time.Duration;

/** What to do after an attempt failed. */
public sealed interface Decision {

    /** Try again after {@code delay}. */
    record Retry(Duration delay) implements Decision {
    }

    /** Do not try again: the records must be delivered again from {@code offset} (a gap). */
    record Seek(long offset) implements Decision {
    }

    /** Give up: the failure goes to the caller (an HTTP error, a failed restore). */
    record Fail(String reason) implements Decision {
    }

    /** A short name for metrics and logs: {@code retry}, {@code seek}, {@code fail}. */
    default String label() {
        if (this instanceof Retry) {
            return "retry";
        }
        return this instanceof Seek ? "seek" : "fail";
    }
}
