package dev.tandem.engine.batch;

import java.time.Duration;
import java.util.Map;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.storage.ResultRecord;

/**
 * The micro-batch function's results as a reconcile sees them: the latest FINAL or CORRECTED
 * record of every partial key of a range, read up to the end of the results as they are when
 * reading starts. PROVISIONAL records are left out.
 */
@FunctionalInterface
public interface MicroBatchResults {

    /**
     * @throws IllegalStateException if the results cannot be read to their end within {@code timeout}
     */
    Map<PartialKey, ResultRecord> read(String topic, String pipeline, TimeRange range, Duration timeout);
}
