package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.util.List;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.DeadLetterHeaders;

/**
 * Step 2: invalid records to the dead-letter topic with their reasons and source coordinates, each
 * once. Only after a restore can some already have a dead letter (sent before a crash, after the
 * checkpoint): the partition's first batch with invalid records then reads back what the
 * dead-letter topic holds for the partition since its records were produced, and skips those.
 */
final class DeadLettering {

    private static final System.Logger LOG = System.getLogger(DeadLettering.class.getName());
    /**
     * Dead letters sent before a crash are looked for from this long before the earliest record
     * timestamp of the batch that runs again: they were sent after those records were produced,
     * give or take the producers' clock skew.
     */
    static final long CLOCK_SKEW_MS = 15 * 60_000L;

    private final PipelineDefinition definition;
    private final RecordSink sink;
    private final DeadLetterHistory history;
    private final Clock clock;

    DeadLettering(PipelineDefinition definition, RecordSink sink, DeadLetterHistory history, Clock clock) {
        this.definition = definition;
        this.sink = sink;
        this.history = history;
        this.clock = clock;
    }

    /** Starts sending the dead letters of the batch's invalid records that have none yet. */
    RecordSink.Pending send(BatchContext batch, List<Decoded.Invalid> invalid) {
        List<Decoded.Invalid> unsent = notYetDeadLettered(batch, invalid);
        if (unsent.size() < invalid.size()) {
            batch.span.attribute("tandem.dead_letters.already_sent", invalid.size() - unsent.size());
        }
        return sink.send(unsent.stream().map(i -> new RecordSink.Outgoing(definition.deadLetterTopic(),
                i.raw().key(), i.raw().value(), DeadLetterHeaders.of(i))).toList());
    }

    private List<Decoded.Invalid> notYetDeadLettered(BatchContext batch, List<Decoded.Invalid> invalid) {
        OwnedPartition p = batch.partition;
        if (invalid.isEmpty()) {
            return invalid;
        }
        if (p.deadLettersUnknown) {
            long earliest = batch.records.stream().mapToLong(RawRecord::timestampMs).min().orElse(clock.millis());
            long t0 = System.nanoTime();
            p.alreadyDeadLettered.addAll(history.deadLettered(p.partition, batch.firstOffset,
                    earliest - CLOCK_SKEW_MS));
            p.deadLettersUnknown = false;
            LOG.log(System.Logger.Level.INFO, String.format(
                    "%s-%d: %d records from offset %d already have a dead letter (read back in %d ms)",
                    definition.source().topic(), p.partition, p.alreadyDeadLettered.size(), batch.firstOffset,
                    (System.nanoTime() - t0) / 1_000_000));
        }
        if (p.alreadyDeadLettered.isEmpty()) {
            return invalid;
        }
        return invalid.stream().filter(i -> !p.alreadyDeadLettered.contains(i.raw().source().offset())).toList();
    }
}
