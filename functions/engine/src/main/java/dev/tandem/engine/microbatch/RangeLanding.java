package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.ObjectStore;

/**
 * The first three steps of a micro-batch — {@link Validation}, {@link DeadLettering} and
 * {@link Landing} — without the fold, emission and checkpoint, for records the live path never
 * processed: a backfill cut, read from the source topic by offsets. Landed segments are keyed by
 * the chunk's offsets exactly as a micro-batch's are, and each invalid record gets one dead letter
 * however often a chunk is landed again: the first chunk with invalid records of a partition reads
 * back what the dead-letter topic already holds for it, as a restored micro-batch does.
 */
public final class RangeLanding implements AutoCloseable {

    private final Validation validation;
    private final DeadLettering deadLettering;
    private final Landing landing;
    private final StateLayout stateLayout;
    private final Duration emitTimeout;
    private final Map<Integer, OwnedPartition> partitions = new HashMap<>();

    public RangeLanding(PipelineDefinition definition, RecordDecoder decoder, ObjectStore store, RecordSink sink,
            DeadLetterHistory history, String layout, String lineageRunId, Duration emitTimeout, Clock clock) {
        this.stateLayout = StateLayout.of(definition);
        this.validation = new Validation(decoder);
        this.deadLettering = new DeadLettering(definition, sink, store, history, clock);
        this.landing = new Landing(definition, store, layout, lineageRunId, MicroBatchMetrics.NONE);
        this.emitTimeout = emitTimeout;
    }

    /**
     * What landing one chunk did.
     *
     * @param records     records read
     * @param invalid     of them invalid (dead-lettered now or before)
     * @param deadLetters dead letters sent now
     * @param valid       the valid envelopes, landed (for their event times and ids)
     * @param segments    keys of the segments written
     * @param bytes       bytes written
     */
    public record Landed(int records, int invalid, int deadLetters, List<Envelope> valid, List<String> segments,
            long bytes) {
    }

    /**
     * Validates, dead-letters and lands one chunk of a partition's records (in offset order, offsets
     * the live path never processed); returns once the dead letters are acknowledged and the
     * segments written.
     */
    public synchronized Landed land(int partition, List<RawRecord> records) {
        // Only the dead-letter bookkeeping of the partition is used; there is no fold.
        OwnedPartition p = partitions.computeIfAbsent(partition, n -> new OwnedPartition(n,
                PartitionState.empty(stateLayout, n), records.get(0).source().offset(), 0));
        BatchContext batch = new BatchContext(p, records, 0, BatchTracing.BatchSpan.NONE, MicroBatchMetrics.NONE);
        Validation.Validated validated = validation.validate(records);
        RecordSink.Pending deadLetters = deadLettering.send(batch, validated.invalid());
        Landing.Landed landed;
        try {
            landed = landing.start(batch, validated.valid()).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        deadLetters.await(emitTimeout.toMillis());
        return new Landed(records.size(), validated.invalid().size(), deadLetters.size(), validated.valid(),
                landed.keys(), landed.bytes());
    }

    @Override
    public void close() {
        landing.close();
    }
}
