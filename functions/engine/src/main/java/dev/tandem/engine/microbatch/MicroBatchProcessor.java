package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.engine.io.RecordSink.Outgoing;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Decoded;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordDecoder;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.FoldOutcome;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.storage.Checkpoint;
import dev.tandem.shared.storage.CheckpointDelta;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;
import dev.tandem.shared.storage.SegmentKey;
import dev.tandem.shared.validation.DeadLetterHeaders;
import dev.tandem.shared.window.Window;

/**
 * Runs micro-batches of one pipeline for the source partitions this instance owns. Batches of
 * different partitions may run concurrently; batches of one partition are serialised.
 *
 * <p>A batch that fails at any step leaves no trace in memory: the partition's state is dropped
 * and restored from its last checkpoint before the next batch, exactly as after a crash.
 */
public final class MicroBatchProcessor {

    private static final System.Logger LOG = System.getLogger(MicroBatchProcessor.class.getName());
    /** Below this many records, splitting the decoding across threads costs more than it saves. */
    private static final int PARALLEL_DECODE_THRESHOLD = 256;
    /**
     * Dead letters sent before a crash are looked for from this long before the earliest record
     * timestamp of the batch that runs again: they were sent after those records were produced,
     * give or take the producers' clock skew.
     */
    static final long DEAD_LETTER_CLOCK_SKEW_MS = 15 * 60_000L;

    private final PipelineDefinition definition;
    private final RecordDecoder decoder;
    private final StateLayout layout;
    private final ObjectStore store;
    private final RecordSink sink;
    private final CheckpointRepository checkpoints;
    private final MicroBatchSettings settings;
    private final MicroBatchMetrics metrics;
    private final BatchTracing tracing;
    private final FaultInjector faults;
    private final DeadLetterHistory deadLetterHistory;
    private final Clock clock;
    private final Map<Integer, OwnedPartition> owned = new ConcurrentHashMap<>();
    private final ExecutorService landers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tandem-land");
        t.setDaemon(true);
        return t;
    });

    public MicroBatchProcessor(PipelineDefinition definition, RecordDecoder decoder, ObjectStore store,
            RecordSink sink, MicroBatchSettings settings, MicroBatchMetrics metrics, BatchTracing tracing,
            FaultInjector faults, DeadLetterHistory deadLetterHistory, Clock clock) {
        this.definition = definition;
        this.decoder = decoder;
        this.layout = StateLayout.of(definition);
        this.store = store;
        this.sink = sink;
        this.checkpoints = new CheckpointRepository(store, definition.name(), definition.source().topic());
        this.settings = settings;
        this.metrics = metrics;
        this.tracing = tracing;
        this.faults = faults;
        this.deadLetterHistory = deadLetterHistory;
        this.clock = clock;
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
        OwnedPartition p = restore(partition);
        owned.put(partition, p);
        return p.nextOffset == 0 && p.state.maxEventTimeMs().isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(p.nextOffset);
    }

    /** Gives up a partition; waits for a batch of it in progress. Its state is durable already. */
    public void revoke(int partition) {
        OwnedPartition p = owned.get(partition);
        if (p == null) {
            return;
        }
        p.lock.lock();
        try {
            owned.remove(partition, p);
            metrics.forget(partition);
        } finally {
            p.lock.unlock();
        }
    }

    public boolean owns(int partition) {
        return owned.containsKey(partition);
    }

    /** Partition → next offset to process, for the partitions owned here. */
    public Map<Integer, Long> nextOffsets() {
        Map<Integer, Long> out = new TreeMap<>();
        owned.forEach((p, o) -> out.put(p, o.nextOffset));
        return out;
    }

    /** Partition → watermark (epoch ms), for the partitions owned here that have one. */
    public Map<Integer, Long> watermarks() {
        Map<Integer, Long> out = new TreeMap<>();
        owned.forEach((p, o) -> {
            long wm = o.state.watermarkMs();
            if (wm != Long.MIN_VALUE) {
                out.put(p, wm);
            }
        });
        return out;
    }

    /**
     * Processes one batch of one partition, records in offset order. Records below the
     * checkpointed next offset are redeliveries and skipped. A partition not owned yet is
     * assigned first (the push trigger has no rebalance to tell it).
     *
     * @throws OffsetGapException if the batch starts after the next offset
     */
    public BatchOutcome process(int partition, List<RawRecord> records) {
        OwnedPartition p = owned.computeIfAbsent(partition, this::restore);
        p.lock.lock();
        try {
            if (owned.get(partition) != p) {
                throw new IllegalStateException("Partition " + topic() + "-" + partition + " was revoked meanwhile");
            }
            if (p.stale) {
                reload(p);
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
        long last = fresh.get(fresh.size() - 1).source().offset();
        if (first > p.nextOffset && p.state.maxEventTimeMs().isPresent()) {
            throw new OffsetGapException(topic(), p.partition, p.nextOffset, first);
        }
        long started = System.nanoTime();
        BatchTracing.BatchSpan span = tracing.start(p.partition, fresh);
        try {
            BatchOutcome outcome = run(p, fresh, first, last, skipped, span);
            span.end(null);
            metrics.batch(outcome, System.nanoTime() - started);
            metrics.watermark(p.partition, p.state.watermarkMs());
            return outcome;
        } catch (RuntimeException e) {
            span.end(e);
            throw e;
        }
    }

    private BatchOutcome run(OwnedPartition p, List<RawRecord> fresh, long first, long last, int skipped,
            BatchTracing.BatchSpan span) {
        List<Envelope> valid = new ArrayList<>(fresh.size());
        List<Decoded.Invalid> invalid = new ArrayList<>();
        try (BatchTracing.Scope s = step(span, Step.VALIDATE)) {
            for (Decoded d : decodeAll(fresh)) {
                if (d instanceof Decoded.Valid v) {
                    valid.add(v.envelope());
                } else {
                    invalid.add((Decoded.Invalid) d);
                }
            }
        }
        faults.reached(Boundary.AFTER_VALIDATE, p.partition);

        RecordSink.Pending deadLetters;
        try (BatchTracing.Scope s = step(span, Step.DEAD_LETTER)) {
            List<Decoded.Invalid> unsent = notYetDeadLettered(p, fresh, first, invalid);
            if (unsent.size() < invalid.size()) {
                span.attribute("tandem.dead_letters.already_sent", invalid.size() - unsent.size());
            }
            deadLetters = sink.send(unsent.stream().map(i -> new Outgoing(definition.deadLetterTopic(), i.raw().key(),
                    i.raw().value(), DeadLetterHeaders.of(i))).toList());
        }
        faults.reached(Boundary.AFTER_DEAD_LETTER, p.partition);

        // Landing (serialize, compress, PUT) runs beside the fold: the fold only changes memory,
        // and both are done before anything is emitted or checkpointed.
        CompletableFuture<Landed> landing = CompletableFuture.supplyAsync(() -> land(span, first, last, valid), landers);
        FoldOutcome folded;
        List<WindowResult> closed;
        List<WindowResult> open;
        try (BatchTracing.Scope s = step(span, Step.FOLD)) {
            folded = p.state.fold(valid, FoldMode.EXCLUDE_LATE);
            closed = p.state.closeWindows();
            open = settings.provisional() ? touched(p.state.openResults(), valid) : List.of();
        }
        Landed landed = join(landing);
        faults.reached(Boundary.AFTER_LAND, p.partition);
        faults.reached(Boundary.AFTER_FOLD, p.partition);

        try (BatchTracing.Scope s = step(span, Step.EMIT)) {
            List<Outgoing> results = new ArrayList<>(closed.size() + open.size());
            closed.forEach(w -> results.add(result(p.partition, w, ResultStatus.FINAL)));
            open.forEach(w -> results.add(result(p.partition, w, ResultStatus.PROVISIONAL)));
            RecordSink.Pending emitted = sink.send(results);
            long timeout = settings.emitTimeout().toMillis();
            deadLetters.await(timeout);
            emitted.await(timeout);
        }
        faults.reached(Boundary.AFTER_EMIT, p.partition);

        try (BatchTracing.Scope s = step(span, Step.CHECKPOINT)) {
            checkpointIncrementally(p, last + 1);
        }
        p.nextOffset = last + 1;
        p.alreadyDeadLettered.headSet(p.nextOffset).clear();
        p.lastRecordAtMs = clock.millis();
        long now = clock.millis();
        for (Envelope e : valid) {
            metrics.freshness(now - e.producedAtMs());
        }
        faults.reached(Boundary.AFTER_CHECKPOINT, p.partition);
        span.attribute("tandem.records.invalid", invalid.size());
        span.attribute("tandem.records.late", folded.late().size());
        return new BatchOutcome(p.partition, first, last + 1, fresh.size(), invalid.size(), folded.late().size(),
                folded.duplicates(), skipped, closed.size(), open.size(), landed.keys(), landed.bytes());
    }

    /**
     * The invalid records of a batch that have no dead letter yet. Only after a restore can some
     * have one (sent before a crash, after the checkpoint): the first batch with invalid records
     * then reads back what the dead-letter topic holds for this partition since its records were
     * produced.
     */
    private List<Decoded.Invalid> notYetDeadLettered(OwnedPartition p, List<RawRecord> fresh, long first,
            List<Decoded.Invalid> invalid) {
        if (invalid.isEmpty()) {
            return invalid;
        }
        if (p.deadLettersUnknown) {
            long earliest = fresh.stream().mapToLong(RawRecord::timestampMs).min().orElse(clock.millis());
            long t0 = System.nanoTime();
            p.alreadyDeadLettered.addAll(deadLetterHistory.deadLettered(p.partition, first,
                    earliest - DEAD_LETTER_CLOCK_SKEW_MS));
            p.deadLettersUnknown = false;
            LOG.log(System.Logger.Level.INFO, String.format(
                    "%s-%d: %d records from offset %d already have a dead letter (read back in %d ms)", topic(),
                    p.partition, p.alreadyDeadLettered.size(), first, (System.nanoTime() - t0) / 1_000_000));
        }
        if (p.alreadyDeadLettered.isEmpty()) {
            return invalid;
        }
        return invalid.stream().filter(i -> !p.alreadyDeadLettered.contains(i.raw().source().offset())).toList();
    }

    /**
     * Decoding (parse, schema validation, masking) is the costliest per-record work and independent
     * per record, so a large batch is decoded on all cores; the order of the results is the records'.
     */
    private List<Decoded> decodeAll(List<RawRecord> records) {
        if (records.size() < PARALLEL_DECODE_THRESHOLD || Runtime.getRuntime().availableProcessors() < 2) {
            return records.stream().map(decoder::decode).toList();
        }
        return records.parallelStream().map(decoder::decode).toList();
    }

    /** What landing a batch wrote. */
    private record Landed(List<String> keys, long bytes) {
    }

    private Landed land(BatchTracing.BatchSpan span, long first, long last, List<Envelope> valid) {
        List<String> keys = new ArrayList<>();
        long bytesWritten = 0;
        try (BatchTracing.Scope s = step(span, Step.LAND)) {
            for (Map.Entry<SegmentKey, List<Envelope>> e : RawSegment.split(definition.name(), first, last, valid)
                    .entrySet()) {
                byte[] bytes = RawSegment.write(e.getValue());
                long t0 = System.nanoTime();
                store.put(e.getKey().key(), bytes, segmentMetadata(span, e.getValue().size()));
                metrics.segmentPut(bytes.length, System.nanoTime() - t0);
                keys.add(e.getKey().key());
                bytesWritten += bytes.length;
            }
        }
        return new Landed(keys, bytesWritten);
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

    /** The step's span, and its duration in the metrics when it closes. */
    private BatchTracing.Scope step(BatchTracing.BatchSpan span, Step step) {
        long started = System.nanoTime();
        BatchTracing.Scope scope = span.step(step);
        return () -> {
            scope.close();
            metrics.step(step, System.nanoTime() - started);
        };
    }

    /**
     * Closes the windows of owned partitions that have been idle longer than the pipeline's idle
     * timeout. Such a partition's watermark moves to the lowest watermark of the active owned
     * partitions, or, when none is active, forward with processing time as if event time had
     * gone on. The advance is checkpointed before anything is emitted, so a crash in between
     * cannot undo the decision.
     */
    public List<BatchOutcome> advanceIdlePartitions() {
        long now = clock.millis();
        long idleMs = definition.idlePartitionTimeout().toMillis();
        long activeMin = Long.MAX_VALUE;
        for (OwnedPartition p : owned.values()) {
            long wm = p.state.watermarkMs();
            if (now - p.lastRecordAtMs <= idleMs && wm != Long.MIN_VALUE) {
                activeMin = Math.min(activeMin, wm);
            }
        }
        List<BatchOutcome> outcomes = new ArrayList<>();
        for (OwnedPartition p : owned.values()) {
            if (now - p.lastRecordAtMs <= idleMs || !p.lock.tryLock()) {
                continue;
            }
            try {
                if (owned.get(p.partition) == p && !p.stale) {
                    advanceIdle(p, now, idleMs, activeMin).ifPresent(outcomes::add);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Closing idle windows of " + topic() + "-" + p.partition
                        + " failed; the next batch restores its checkpoint", e);
                p.stale = true;
            } finally {
                p.lock.unlock();
            }
        }
        return outcomes;
    }

    private Optional<BatchOutcome> advanceIdle(OwnedPartition p, long now, long idleMs, long activeMin) {
        OptionalLong max = p.state.maxEventTimeMs();
        OptionalLong earliestEnd = p.state.earliestOpenWindowEnd();
        if (max.isEmpty() || earliestEnd.isEmpty()) {
            return Optional.empty();
        }
        long byProcessingTime = p.state.watermarkMs() + (now - p.lastRecordAtMs - idleMs);
        long target = activeMin == Long.MAX_VALUE ? byProcessingTime : Math.max(activeMin, byProcessingTime);
        if (target < earliestEnd.getAsLong()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        p.state.advanceWatermarkTo(target);
        checkpoint(p, p.nextOffset);
        List<WindowResult> closed = p.state.closeWindows();
        sink.send(closed.stream().map(w -> result(p.partition, w, ResultStatus.FINAL)).toList())
                .await(settings.emitTimeout().toMillis());
        checkpoint(p, p.nextOffset);
        BatchOutcome outcome = new BatchOutcome(p.partition, -1, p.nextOffset, 0, 0, 0, 0, 0, closed.size(), 0,
                List.of(), 0);
        metrics.batch(outcome, System.nanoTime() - started);
        metrics.watermark(p.partition, p.state.watermarkMs());
        LOG.log(System.Logger.Level.DEBUG, () -> String.format("Idle partition %s-%d: watermark advanced to %d, %d windows closed",
                topic(), p.partition, target, closed.size()));
        return Optional.of(outcome);
    }

    /** A delta of what the batch changed, chained to the last checkpoint; a full one now and then. */
    private void checkpointIncrementally(OwnedPartition p, long nextOffset) {
        if (!p.hasFull || p.deltasSinceFull >= settings.deltasPerFull()) {
            checkpoint(p, nextOffset);
            return;
        }
        long t0 = System.nanoTime();
        CheckpointDelta delta = new CheckpointDelta(definition.name(), topic(), p.partition, p.nextOffset, nextOffset,
                layout.fingerprint(), p.state.delta());
        checkpoints.save(delta);
        p.state.markCheckpointed();
        p.deltasSinceFull++;
        metrics.checkpoint(delta.delta().length, System.nanoTime() - t0);
    }

    /** A full checkpoint: the snapshot of the state; older checkpoints are pruned after it. */
    private void checkpoint(OwnedPartition p, long nextOffset) {
        long t0 = System.nanoTime();
        Checkpoint c = new Checkpoint(definition.name(), topic(), p.partition, nextOffset, layout.fingerprint(),
                p.state.snapshot());
        byte[] bytes = c.toBytes();
        checkpoints.save(c);
        p.state.markCheckpointed();
        p.hasFull = true;
        p.deltasSinceFull = 0;
        metrics.checkpoint(bytes.length, System.nanoTime() - t0);
        checkpoints.prune(p.partition, settings.checkpointsKept());
    }

    private OwnedPartition restore(int partition) {
        OwnedPartition p = new OwnedPartition(partition, PartitionState.empty(layout, partition), 0, clock.millis());
        reload(p);
        return p;
    }

    /** Replaces the partition's in-memory state by its latest checkpoint (or empty state at offset 0). */
    private void reload(OwnedPartition p) {
        Optional<CheckpointRepository.Restored> restored = checkpoints.restore(p.partition, layout);
        if (restored.isPresent()) {
            p.state = restored.get().state();
            p.nextOffset = restored.get().nextOffset();
            p.hasFull = true;
            p.deltasSinceFull = restored.get().deltasApplied();
            LOG.log(System.Logger.Level.DEBUG, () -> String.format("Restored %s-%d at offset %d (%d deltas)", topic(),
                    p.partition, p.nextOffset, p.deltasSinceFull));
        } else {
            p.state = PartitionState.empty(layout, p.partition);
            p.nextOffset = 0;
            p.hasFull = false;
            p.deltasSinceFull = 0;
        }
        p.lastRecordAtMs = clock.millis();
        p.stale = false;
        p.deadLettersUnknown = true;
        p.alreadyDeadLettered.clear();
    }

    private Outgoing result(int partition, WindowResult w, ResultStatus status) {
        return Outgoing.result(definition.resultsTopic(), new ResultRecord(definition.name(), w.window(), w.group(),
                OptionalInt.of(partition), status, w.values(), w.sources(), List.of()));
    }

    private Map<String, String> segmentMetadata(BatchTracing.BatchSpan span, int records) {
        Map<String, String> metadata = new java.util.HashMap<>();
        metadata.put("tandem-pipeline", definition.name());
        metadata.put("tandem-records", Integer.toString(records));
        metadata.put("tandem-layout", layout.fingerprint());
        if (!span.traceId().isEmpty()) {
            metadata.put("tandem-trace-id", span.traceId());
            metadata.put("tandem-traceparent", span.traceparent());
        }
        if (!settings.lineageRunId().isEmpty()) {
            metadata.put("tandem-lineage-run", settings.lineageRunId());
        }
        return metadata;
    }

    /** The open windows a batch added to, for PROVISIONAL results. */
    private List<WindowResult> touched(List<WindowResult> open, List<Envelope> batch) {
        Set<String> keys = new HashSet<>();
        for (Envelope e : batch) {
            for (Window w : layout.window().windowsFor(e.eventTimeMs())) {
                keys.add(w.startMs() + "|" + e.group());
            }
        }
        Function<WindowResult, String> key = r -> r.window().startMs() + "|" + r.group();
        return open.stream().filter(r -> keys.contains(key.apply(r))).toList();
    }
}
