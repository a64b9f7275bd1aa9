package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Objects;

/**
 * How long objects are kept before the retention function deletes them.
 *
 * @param raw     raw segments (the landed records), counted from the end of the hour they belong to
 * @param results batch results, counted from the end of their window
 */
public record Retention(Duration raw, Duration results) {

    public Retention {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(results, "results");
    }
}
