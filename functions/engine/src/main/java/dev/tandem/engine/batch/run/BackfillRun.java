package dev.tandem.engine.batch.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.engine.batch.MicroBatchResults;
import dev.tandem.engine.batch.ReconcileReport;
import dev.tandem.engine.batch.Reconciliation;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.drain.PartitionLog;
import dev.tandem.engine.io.RecordSink;
import dev.tandem.engine.microbatch.CheckpointRepository;
import dev.tandem.engine.microbatch.RangeLanding;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.state.SourceRanges.OffsetRange;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.window.WindowSpec;

/**
 * Backfill: the batch rhythm's side of a {@link BackfillCut}. For every cut without a completion,
 * reads its offsets from the source topic in chunks and lands them as the micro-batch function
 * would have ({@link RangeLanding}: same validation, one dead letter per invalid record, segments
 * keyed by offsets); then, once the live path's watermark has passed every window the cut's records
 * touch (so no FINAL it emits later can overwrite a correction), recomputes those windows from all
 * landed data and reconciles them: every partial that differs — or that only the batch has, since
 * it holds cut records — gets a CORRECTED result. The completion objects are written last.
 *
 * <p>Every step can run again: landing rewrites the same segments, dead letters are looked up
 * before they are sent, the recompute cuts a new manifest each attempt. So a failed backfill is
 * resumed ({@code /resume}) or simply started again.
 */
final class BackfillRun implements RunHandler {

    private static final System.Logger LOG = System.getLogger(BackfillRun.class.getName());
    private static final long LIVE_POLL_MS = 1000;

    private final MicroBatchResults results;
    private final RecordSink sink;
    private final BackfillSources sources;

    BackfillRun(MicroBatchResults results, RecordSink sink, BackfillSources sources) {
        this.results = results;
        this.sink = sink;
        this.sources = sources;
    }

    @Override
    public BackfillSummary run(RunContext run) {
        List<BackfillCut> cuts = pending(run.store, run.pipeline());
        if (cuts.isEmpty()) {
            return new BackfillSummary(List.of(), 0, 0, 0, 0, 0, 0, 0, null, null, null);
        }
        Landed landed = land(run, cuts);
        RecomputeSummary reconcile = null;
        TimeRange range = null;
        if (landed.minEventMs <= landed.maxEventMs) {
            WindowSpec window = run.definition.window();
            range = new TimeRange(window.firstWindowFor(landed.minEventMs).start(),
                    window.lastWindowFor(landed.maxEventMs).end());
            run.narrowTo(range);
            awaitLivePath(run, cuts, range);
            reconcile = reconcile(run, cuts);
        }
        for (BackfillCut cut : cuts) {
            complete(run, cut);
        }
        LOG.log(System.Logger.Level.INFO, String.format("Backfill %s of pipeline %s: %d cuts, %d records (%d invalid),"
                + " %d offsets expired, range %s", run.runId(), run.pipeline(), cuts.size(), landed.records,
                landed.invalid, landed.expired, range));
        return new BackfillSummary(cuts.stream().map(BackfillCut::key).toList(),
                cuts.stream().mapToLong(BackfillCut::offsets).sum(), landed.records, landed.invalid, landed.deadLetters,
                landed.expired, landed.segments, landed.bytes, range == null ? null : range.from(),
                range == null ? null : range.to(), reconcile);
    }

    /** The pipeline's cuts that have no completion object yet, in key order (partition, then offset). */
    static List<BackfillCut> pending(ObjectStore store, String pipeline) {
        List<String> keys = store.list(ObjectKeys.backfill(pipeline)).stream().map(ObjectStore.ObjectInfo::key).toList();
        Set<String> all = Set.copyOf(keys);
        List<BackfillCut> cuts = new ArrayList<>();
        for (String key : keys.stream().sorted().toList()) {
            if (ObjectKeys.isBackfillCut(key) && !all.contains(ObjectKeys.backfillDone(key))) {
                store.get(key).ifPresent(bytes -> cuts.add(BackfillCut.parse(key, bytes)));
            }
        }
        return cuts;
    }

    /** Totals of landing the cuts. */
    private static final class Landed {
        long records;
        long invalid;
        long deadLetters;
        long expired;
        int segments;
        long bytes;
        long minEventMs = Long.MAX_VALUE;
        long maxEventMs = Long.MIN_VALUE;
    }

    private Landed land(RunContext run, List<BackfillCut> cuts) {
        Landed total = new Landed();
        PartitionLog log = sources.log().get();
        try (RangeLanding landing = new RangeLanding(run.definition, sources.decoder(), run.store, sink,
                sources.history(), StateLayout.of(run.definition).fingerprint(), run.runId(), run.settings.emitTimeout(),
                run.clock)) {
            for (BackfillCut cut : cuts) {
                long start = log.startOffset(cut.partition());
                long next = Math.max(cut.fromOffset(), start);
                if (next > cut.fromOffset()) {
                    long expired = Math.min(next, cut.toOffset()) - cut.fromOffset();
                    total.expired += expired;
                    LOG.log(System.Logger.Level.WARNING, String.format("Backfill cut %s: offsets %d..%d are no longer"
                            + " in %s-%d (deleted by the topic's retention before the backfill); they cannot be landed",
                            cut.key(), cut.fromOffset(), cut.fromOffset() + expired - 1, cut.topic(), cut.partition()));
                }
                while (next < cut.toOffset()) {
                    List<RawRecord> chunk = log.read(cut.partition(), next, cut.toOffset(), sources.chunk());
                    if (chunk.isEmpty()) {
                        break; // Only gaps (transaction markers, compaction) are left below the end.
                    }
                    RangeLanding.Landed l = landing.land(cut.partition(), chunk);
                    total.records += l.records();
                    total.invalid += l.invalid();
                    total.deadLetters += l.deadLetters();
                    total.segments += l.segments().size();
                    total.bytes += l.bytes();
                    for (Envelope e : l.valid()) {
                        total.minEventMs = Math.min(total.minEventMs, e.eventTimeMs());
                        total.maxEventMs = Math.max(total.maxEventMs, e.eventTimeMs());
                    }
                    next = chunk.get(chunk.size() - 1).source().offset() + 1;
                    run.recordsRead(total.records);
                }
            }
        } finally {
            if (log instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "Closing the source reader: " + e.getMessage());
                }
            }
        }
        return total;
    }

    /**
     * Waits until the live path's watermark of every cut partition has passed {@code range}: until
     * then it may still emit FINAL results (without the cut's records) for windows in it, which
     * would overwrite the corrections.
     */
    private void awaitLivePath(RunContext run, List<BackfillCut> cuts, TimeRange range) {
        CheckpointRepository checkpoints = new CheckpointRepository(run.store, run.pipeline(),
                run.definition.source().topic());
        StateLayout layout = StateLayout.of(run.definition);
        long deadline = System.currentTimeMillis() + sources.liveWait().toMillis();
        for (int partition : cuts.stream().map(BackfillCut::partition).collect(Collectors.toCollection(TreeSet::new))) {
            while (true) {
                long watermark = checkpoints.restore(partition, layout).map(r -> r.state().watermarkMs())
                        .orElse(Long.MIN_VALUE);
                if (watermark >= range.to().toEpochMilli()) {
                    break;
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new IllegalStateException(String.format("Backfill %s of pipeline %s: the live path of %s-%d"
                            + " has its watermark at %s, before %s, the end of the windows the cut's records touch; its"
                            + " FINAL results for them are not all out yet, and a correction published now could be"
                            + " overwritten. Waited %s (tandem.batch.backfill-live-wait); the cuts are landed: resume"
                            + " this run once the live path has moved on", run.runId(), run.pipeline(),
                            run.definition.source().topic(), partition,
                            watermark == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(watermark), range.to(),
                            sources.liveWait()));
                }
                try {
                    Thread.sleep(LIVE_POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Backfill " + run.runId() + " interrupted while waiting for the live path");
                }
            }
        }
    }

    /** A recompute of the range from a fresh cut of its segments, and a reconcile aware of the cuts. */
    private RecomputeSummary reconcile(RunContext run, List<BackfillCut> cuts) {
        Manifest manifest = run.cut();
        RecomputeRun.Recomputed recomputed = RecomputeRun.recompute(run, manifest);
        Map<PartialKey, ResultRecord> micro = results.read(run.definition.resultsTopic(), run.pipeline(), run.range(),
                run.settings.resultsReadTimeout());
        Map<Integer, List<OffsetRange>> backfilled = new TreeMap<>();
        for (BackfillCut cut : cuts) {
            backfilled.computeIfAbsent(cut.partition(), p -> new ArrayList<>())
                    .add(new OffsetRange(cut.fromOffset(), cut.toOffset() - 1));
        }
        ReconcileReport report = Reconciliation.compare(recomputed.folded(), micro, backfilled);
        return recomputed.summary().withReconciliation(ReconcileRun.publish(run, sink, report));
    }

    private static void complete(RunContext run, BackfillCut cut) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("cut", cut.key());
        o.put("run", run.runId());
        o.put("completedAt", run.clock.instant().toString());
        try {
            run.store.put(cut.doneKey(), Json.mapper().writeValueAsBytes(o), Map.of(ObjectKeys.RUN_METADATA, run.runId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
