package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.FoldOutcome;
import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.ObjectStore;

/**
 * Runs micro-batches of one pipeline for the source partitions this instance owns. Batches of
 * different partitions may run concurrently; batches of one partition are serialised. Each batch
 * goes through the steps in order — {@link Validation}, {@link DeadLettering}, {@link Landing}
 * beside the fold, {@link Emission}, the {@link Checkpointer} — with a {@link FaultInjector} hook at
 * every boundary.
 *
 * <p>A batch that fails at any step leaves no trace in memory: the partition's state is dropped
 * and restored from its last checkpoint before the next batch, exactly as after a crash.
 */
public final class MicroBatchProcessor {

    private final PipelineDefinition definition;
    private final RecordSink sink;
    private final MicroBatchSettings settings;
    private final MicroBatchMetrics metrics;
    private final BatchTracing tracing;
    private final FaultInjector faults;
    private final Clock clock;
    private final Checkpointer checkpointer;
    private final Partitions partitions;
    private final Validation validation;
    private final DeadLettering deadLettering;
    private final Landing landing;
    private final Emission emission;
    private final IdleAdvance idle;
    private final BackfillCuts cuts;

    public MicroBatchProcessor(PipelineDefinition definition, RecordDecoder decoder, ObjectStore store,
            RecordSink sink, MicroBatchSettings settings, MicroBatchMetrics metrics, BatchTracing tracing,
            FaultInjector faults, DeadLetterHistory deadLetterHistory, Clock clock) {
        this.definition = definition;
        this.sink = sink;
        this.settings = settings;
        this.metrics = metrics;
        this.tracing = tracing;
        this.faults = faults;
        this.clock = clock;
        this.checkpointer = new Checkpointer(definition, store, settings, metrics);
        this.cuts = new BackfillCuts(definition, store, checkpointer, metrics, clock);
        this.partitions = new Partitions(checkpointer, cuts, clock);
        this.validation = new Validation(decoder.forLandAndFold());
        this.deadLettering = new DeadLettering(definition, sink, store, deadLetterHistory, clock);
        this.landing = new Landing(definition, store, checkpointer.layout().fingerprint(), settings.lineageRunId(),
                metrics);
        this.emission = new Emission(definition, checkpointer.layout(), sink, settings.emitTimeout().toMillis());
        this.idle = new IdleAdvance(topic(), new IdlePolicy(definition.idlePartitionTimeout()), partitions,
                checkpointer, emission, metrics, clock);
    }

    public PipelineDefinition definition() {
        return definition;
    }

    public String topic() {
        return definition.source().topic();
    }

    /**
     * Takes ownership of a partition: restores its latest checkpoint.
     *
     * @return the offset to read from next, or empty if the partition has no checkpoint (read from
     *         the beginning)
     */
    public OptionalLong assign(int partition) {
        OwnedPartition p = partitions.assign(partition);
        return p.nextOffset == 0 && p.state.maxEventTimeMs().isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(p.nextOffset);
    }

    /** Gives up a partition; waits for a batch of it in progress. Its state is durable already. */
    public void revoke(int partition) {
        if (partitions.revoke(partition)) {
            metrics.forget(partition);
        }
    }

    public boolean owns(int partition) {
        return partitions.owns(partition);
    }

    /** Partition → next offset to process, for the partitions owned here. */
    public Map<Integer, Long> nextOffsets() {
        return partitions.nextOffsets();
    }

    /**
     * Records of an owned partition after its next offset, by the end offset the trigger last
     * reported ({@link #observeEndOffsets}); 0 if it never did or cannot tell.
     */
    public long unread(int partition) {
        return partitions.get(partition).map(p -> {
            long end = p.endOffset;
            return end == OwnedPartition.END_UNKNOWN || end == Long.MAX_VALUE ? 0L : Math.max(0L, end - p.nextOffset);
        }).orElse(0L);
    }

    /** Partition → watermark (epoch ms), for the partitions owned here that have one. */
    public Map<Integer, Long> watermarks() {
        return partitions.watermarks();
    }

    /**
     * Processes one batch of one partition, records in offset order. Records below the
     * checkpointed next offset are redeliveries and skipped. A partition not owned yet is
     * assigned first (the push trigger has no rebalance to tell it).
     *
     * @throws OffsetGapException if the batch starts after the next offset
     */
    public BatchOutcome process(int partition, List<RawRecord> records) {
        OwnedPartition p = partitions.getOrRestore(partition);
        p.lock.lock();
        try {
            if (!partitions.isCurrent(p)) {
                throw new IllegalStateException("Partition " + topic() + "-" + partition + " was revoked meanwhile");
            }
            if (p.stale) {
                partitions.reload(p);
            }
            return processOwned(p, records);
        } catch (RuntimeException e) {
            // As after a crash: what this batch did in memory is forgotten; the next one restores.
            p.stale = true;
            // Sends of this attempt still in flight land now, so the next attempt's read-back sees them.
            sink.flushQuietly();
            throw e;
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * Whether a backlog whose oldest record was produced at {@code oldestProducedAtMs} is older than
     * the pipeline's {@code freshness.backfillAfter} — a check without I/O, so a trigger asks it
     * before it fetches the end offsets {@link #cutIfBehind} needs.
     */
    public boolean pastBackfillThreshold(long oldestProducedAtMs) {
        return definition.freshness().backfillAfter()
                .map(after -> clock.millis() - oldestProducedAtMs > after.toMillis()).orElse(false);
    }

    /**
     * Leaves an owned partition's backlog to a backfill when its oldest unread record {@code oldest}
     * is older than the pipeline's {@code freshness.backfillAfter}: the
     * offsets from the checkpoint to the end offset last observed ({@link #observeEndOffsets}) become
     * a {@link BackfillCut} in object storage and the partition's next offset jumps to that end. The
     * trigger then reads on from {@link BackfillCut#toOffset()}; records before it are skipped as
     * already handled. Never cuts without a threshold, without a known end offset, or for a record
     * below the next offset (a redelivery of what a cut or a checkpoint already covers: its age
     * says nothing of the backlog).
     */
    public Optional<BackfillCut> cutIfBehind(int partition, RawRecord oldest) {
        if (!pastBackfillThreshold(oldest.timestampMs())) {
            return Optional.empty();
        }
        Optional<OwnedPartition> owned = partitions.get(partition);
        if (owned.isEmpty() || definition.freshness().backfillAfter().isEmpty()) {
            return Optional.empty();
        }
        OwnedPartition p = owned.get();
        p.lock.lock();
        try {
            if (!partitions.isCurrent(p)) {
                return Optional.empty();
            }
            if (p.stale) {
                partitions.reload(p);
            }
            if (oldest.source().offset() < p.nextOffset) {
                return Optional.empty();
            }
            return cuts.cutIfBehind(p, oldest.timestampMs());
        } catch (RuntimeException e) {
            p.stale = true;
            throw e;
        } finally {
            p.lock.unlock();
        }
    }

    /**
     * Tells the processor the end offsets the trigger sees now (a pull consumer's position plus
     * lag), so only partitions with nothing to read can count as idle. A partition whose end the
     * trigger cannot tell yet is given as {@link Long#MAX_VALUE}: it is not idle. A trigger that
     * never calls this (push) leaves idleness to the time since the last batch with records.
     */
    public void observeEndOffsets(Map<Integer, Long> endOffsets) {
        long now = clock.millis();
        endOffsets.forEach((partition, end) -> partitions.get(partition).ifPresent(p -> p.observeEnd(end, now)));
    }

    /**
     * Tells when the owned partition last had records, for a trigger that was not running to see it
     * (a drain: the produce time of the partition's last record). Idleness counts from then.
     */
    public void lastActiveAt(int partition, long atMs) {
        partitions.get(partition).ifPresent(p -> {
            p.lastRecordAtMs = atMs;
            p.lastBehindAtMs = atMs;
        });
    }

    /**
     * Closes the windows of owned partitions that have been idle longer than the pipeline's idle
     * timeout ({@link IdlePolicy}).
     */
    public List<BatchOutcome> advanceIdlePartitions() {
        return idle.run();
    }

    private BatchOutcome processOwned(OwnedPartition p, List<RawRecord> records) {
        List<RawRecord> fresh = new ArrayList<>(records.size());
        long previous = -1;
        for (RawRecord r : records) {
            long offset = r.source().offset();
            if (offset <= previous) {
                throw new IllegalArgumentException("Records of " + topic() + "-" + p.partition
                        + " are not in offset order at offset " + offset);
            }
            previous = offset;
            if (offset >= p.nextOffset) {
                fresh.add(r);
            }
        }
        int skipped = records.size() - fresh.size();
        if (fresh.isEmpty()) {
            return BatchOutcome.skippedOnly(p.partition, p.nextOffset, skipped);
        }
        long first = fresh.get(0).source().offset();
        if (first > p.nextOffset && p.state.maxEventTimeMs().isPresent()) {
            throw new OffsetGapException(topic(), p.partition, p.nextOffset, first);
        }
        long started = System.nanoTime();
        BatchTracing.BatchSpan span = tracing.start(p.partition, fresh);
        try {
            BatchOutcome outcome = run(new BatchContext(p, fresh, skipped, span, metrics));
            span.end(null);
            metrics.batch(outcome, System.nanoTime() - started);
            metrics.watermark(p.partition, p.state.watermarkMs());
            metrics.stateSize(p.partition, p.state.heldIds(), p.state.openRows());
            return outcome;
        } catch (RuntimeException e) {
            span.end(e);
            throw e;
        }
    }

    /** The steps of one batch, in the design's order. */
    private BatchOutcome run(BatchContext batch) {
        OwnedPartition p = batch.partition;
        Validation.Validated validated;
        try (BatchTracing.Scope s = batch.step(Step.VALIDATE)) {
            validated = validation.validate(batch.records);
        }
        faults.reached(Boundary.AFTER_VALIDATE, p.partition);

        RecordSink.Pending deadLetters;
        try (BatchTracing.Scope s = batch.step(Step.DEAD_LETTER)) {
            deadLetters = deadLettering.send(batch, validated.invalid());
        }
        faults.reached(Boundary.AFTER_DEAD_LETTER, p.partition);

        List<Envelope> valid = validated.valid();
        CompletableFuture<Landing.Landed> landingDone = landing.start(batch, valid);
        FoldOutcome folded;
        List<WindowResult> closed;
        List<WindowResult> open;
        try (BatchTracing.Scope s = batch.step(Step.FOLD)) {
            folded = p.state.fold(valid, FoldMode.EXCLUDE_LATE);
            closed = p.state.closeWindows();
            open = settings.provisional() ? emission.touched(p.state.openResults(), valid) : List.of();
        }
        Landing.Landed landed = join(landingDone);
        faults.reached(Boundary.AFTER_LAND, p.partition);
        faults.reached(Boundary.AFTER_FOLD, p.partition);

        try (BatchTracing.Scope s = batch.step(Step.EMIT)) {
            emission.emit(p, closed, open, deadLetters);
        }
        faults.reached(Boundary.AFTER_EMIT, p.partition);

        long next = batch.lastOffset + 1;
        long checkpointStarted = System.nanoTime();
        try (BatchTracing.Scope s = batch.step(Step.CHECKPOINT)) {
            checkpointer.afterBatch(p, next);
        }
        long checkpointNanos = System.nanoTime() - checkpointStarted;
        p.nextOffset = next;
        p.alreadyDeadLettered.headSet(next).clear();
        p.lastRecordAtMs = clock.millis();
        long now = clock.millis();
        long[] freshness = new long[valid.size()];
        for (int i = 0; i < freshness.length; i++) {
            freshness[i] = now - valid.get(i).producedAtMs();
        }
        metrics.freshness(freshness);
        faults.reached(Boundary.AFTER_CHECKPOINT, p.partition);
        batch.span.attribute("tandem.records.invalid", validated.invalid().size());
        batch.span.attribute("tandem.records.late", folded.late().size());
        return new BatchOutcome(p.partition, batch.firstOffset, next, batch.records.size(), validated.invalid().size(),
                folded.late().size(), folded.duplicates(), batch.skipped, closed.size(), open.size(), landed.keys(),
                landed.bytes(), checkpointNanos);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
