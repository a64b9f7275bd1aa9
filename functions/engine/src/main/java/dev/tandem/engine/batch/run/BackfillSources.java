package dev.tandem.engine.batch.run;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import dev.tandem.engine.drain.PartitionLog;
import dev.tandem.engine.microbatch.DeadLetterHistory;
import dev.tandem.shared.decode.RecordDecoder;

/**
 * What a backfill needs beyond a reconcile: the source topic by offsets, and what landing records
 * exactly as the micro-batch function does takes — its decoder and the dead letters already sent.
 *
 * @param log       opens a reader of the source topic (closed after the run if it is {@link AutoCloseable})
 * @param decoder   the pipeline's record decoder, as the micro-batch function builds it
 * @param history   which records of a partition already have a dead letter
 * @param liveWait  how long a backfill waits for the live path to close the windows its cuts touch
 * @param chunk     records landed per segment batch: a cut is landed in chunks of this many
 */
public record BackfillSources(Supplier<PartitionLog> log, RecordDecoder decoder, DeadLetterHistory history,
        Duration liveWait, int chunk) {

    public BackfillSources {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(liveWait, "liveWait");
        if (chunk < 1) {
            throw new IllegalArgumentException("Invalid value for parameter \"chunk\" (value was: " + chunk
                    + "): land at least one record per chunk");
        }
    }
}
