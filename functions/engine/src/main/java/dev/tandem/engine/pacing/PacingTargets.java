package dev.tandem.engine.pacing;

import java.time.Duration;

/**
 * What makes a partition's batch ready: {@code records} buffered, {@code bytes} buffered, or its
 * first record buffered for {@code wait} — whichever comes first.
 *
 * @param records records per batch, at least 1
 * @param bytes   record bytes per batch, at least 1
 * @param waitTime how long the first record of a batch may wait for more; zero: take what is there
 */
public record PacingTargets(int records, long bytes, Duration waitTime) {

    public PacingTargets {
        if (records < 1 || bytes < 1 || waitTime.isNegative()) {
            throw new IllegalArgumentException("Pacing targets must be positive (records " + records + ", bytes "
                    + bytes + ", wait " + waitTime + ")");
        }
    }
}
