package dev.tandem.engine.batch.run;

import java.time.Duration;

/**
 * How batch runs behave.
 *
 * @param maxRange           the longest range one request may cover
 * @param resultsReadTimeout how long reconcile may take to read the results topic
 * @param emitTimeout        how long to wait for corrections to be acknowledged
 * @param compactTarget      records per compacted segment (at least)
 */
public record BatchSettings(Duration maxRange, Duration resultsReadTimeout, Duration emitTimeout, int compactTarget) {
}
