package dev.tandem.engine.batch.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.engine.batch.Compaction;
import dev.tandem.engine.batch.FoldCounts;
import dev.tandem.engine.batch.FoldListener;
import dev.tandem.engine.batch.FoldedRange;
import dev.tandem.engine.batch.ManifestFold;
import dev.tandem.engine.batch.ReconcileReport;
import dev.tandem.engine.batch.Reconciliation;
import dev.tandem.engine.batch.ResultObjects;
import dev.tandem.engine.batch.Retention;
import dev.tandem.engine.batch.RunKeys;
import dev.tandem.engine.batch.SegmentCatalog;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.io.MicroBatchResults;
import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.ResultRecord;

/**
 * Starts, runs and resumes batch runs: recompute, replay, reconcile, compact and retention. Each
 * run's status lives in S3 ({@link RunStore}) from its first moment, so any instance can report it
 * and resume it. A run publishes by writing its range's pointer last: a failure before that leaves
 * the previous results published and nothing half-written visible.
 */
public final class BatchRuns implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchRuns.class.getName());
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    private static final long STATUS_EVERY_MS = 1000;
    private static final int KEYS_SHOWN = 50;

    private final PipelineDefinition definition;
    private final ObjectStore store;
    private final RunStore runs;
    private final SegmentCatalog catalog;
    private final ManifestFold fold;
    private final MicroBatchResults results;
    private final RecordSink sink;
    private final BatchSettings settings;
    private final RunObserver observer;
    private final Clock clock;
    private final ExecutorService executor;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public BatchRuns(PipelineDefinition definition, ObjectStore store, MicroBatchResults results, RecordSink sink,
            BatchSettings settings, RunObserver observer, Clock clock, int concurrentRuns) {
        this.definition = definition;
        this.store = store;
        this.runs = new RunStore(store, definition.name());
        this.catalog = new SegmentCatalog(store);
        this.fold = new ManifestFold(store, definition);
        this.results = results;
        this.sink = sink;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(concurrentRuns, r -> {
            Thread t = new Thread(r, "tandem-batch-run");
            t.setDaemon(true);
            return t;
        });
    }

    public PipelineDefinition definition() {
        return definition;
    }

    public Optional<RunStatus> status(String runId) {
        return runs.load(runId);
    }

    /** Whether this instance is executing the run now. */
    public boolean isActive(String runId) {
        return active.contains(runId);
    }

    public RunStatus recompute(TimeRange range, String caller, boolean async) {
        return execute(start(RunKind.RECOMPUTE, range, caller), async);
    }

    public RunStatus reconcile(TimeRange range, String caller, boolean async) {
        return execute(start(RunKind.RECONCILE, range, caller), async);
    }

    public RunStatus compact(TimeRange range, String caller, boolean async) {
        return execute(start(RunKind.COMPACT, range, caller), async);
    }

    public RunStatus retention(String caller) {
        return execute(start(RunKind.RETENTION, null, caller), false);
    }

    /** Re-runs exactly the cut of {@code manifestKey}; the results go under the new run, unpublished. */
    public RunStatus replay(String manifestKey, String caller, boolean async) {
        Manifest manifest = loadManifest(manifestKey, "manifest");
        RunStatus status = start(RunKind.REPLAY, new TimeRange(manifest.from(), manifest.to()), caller);
        return execute(status.withManifest(manifestKey, manifest.objects().size()), async);
    }

    /** Runs a FAILED run again from its manifest (or a RUNNING one whose instance died), under its id. */
    public RunStatus resume(String runId, String caller, boolean async) {
        RunStatus status = runs.load(runId).orElseThrow(() -> new RunNotFoundException("runId",
                "No run " + runId + " of pipeline " + definition.name()));
        if (status.state() == RunState.SUCCEEDED) {
            throw new RunConflictException("Run " + runId + " already succeeded; start a new run instead");
        }
        if (active.contains(runId)) {
            throw new RunConflictException("Run " + runId + " is running on this instance; poll runStatus");
        }
        LOG.log(System.Logger.Level.INFO, String.format("Resuming %s run %s for %s (attempt %d)", status.kind().label(),
                runId, caller, status.attempts() + 1));
        return execute(status.resumed(clock.instant()), async);
    }

    private RunStatus start(RunKind kind, TimeRange range, String caller) {
        Instant now = clock.instant();
        String runId = kind.label() + "-" + RUN_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return RunStatus.started(runId, definition.name(), kind, range == null ? null : range.from(),
                range == null ? null : range.to(), caller, now);
    }

    private RunStatus execute(RunStatus initial, boolean async) {
        runs.save(initial);
        active.add(initial.runId());
        if (async) {
            executor.execute(() -> run(initial));
            return initial;
        }
        return run(initial);
    }

    private RunStatus run(RunStatus initial) {
        Progress progress = new Progress(initial);
        RunObserver.Observation observation = observer.start(initial);
        progress.observation = observation;
        try {
            ObjectNode summary = switch (initial.kind()) {
                case RECOMPUTE -> recompute(progress, false);
                case RECONCILE -> recompute(progress, true);
                case REPLAY -> replay(progress);
                case COMPACT -> compact(progress);
                case RETENTION -> retention();
            };
            RunStatus done = progress.current().succeeded(summary, clock.instant());
            runs.save(done);
            observation.end(done, null);
            return done;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Run " + initial.runId() + " failed", e);
            RunStatus failed = progress.current().failed(describe(e), clock.instant());
            try {
                runs.save(failed);
            } catch (RuntimeException again) {
                LOG.log(System.Logger.Level.WARNING, "Could not record the failure of run " + initial.runId() + ": "
                        + again.getMessage());
            }
            observation.end(failed, e);
            return failed;
        } finally {
            active.remove(initial.runId());
        }
    }

    private ObjectNode recompute(Progress progress, boolean reconcile) {
        RunStatus status = progress.current();
        TimeRange range = range(status);
        Manifest manifest = status.manifest() != null ? loadManifest(status.manifest(), "runId")
                : catalog.cut(definition.name(), StateLayout.of(definition).fingerprint(), range);
        String manifestKey = RunKeys.manifest(definition.name(), status.runId());
        if (status.manifest() == null) {
            store.put(manifestKey, manifest.toJson(), Map.of("tandem-run", status.runId()));
            progress.manifest(manifestKey, manifest.objects().size());
        }
        FoldedRange folded = fold.fold(manifest, progress);
        progress.observation.folded(folded);
        ObjectNode summary = summary(manifestKey, folded.counts());
        List<String> objects = writeResults(folded, status.runId());
        String pointer = publish(range, status.runId(), manifestKey, objects, folded.counts());
        summary.put("pointer", pointer);
        summary.putArray("resultObjects").addAll(objects.stream().map(summary::textNode).toList());
        if (reconcile) {
            summary.set("reconciliation", reconcile(folded, range, status.runId(), progress.observation));
        }
        return summary;
    }

    private ObjectNode reconcile(FoldedRange folded, TimeRange range, String runId,
            RunObserver.Observation observation) {
        Map<dev.tandem.engine.batch.PartialKey, ResultRecord> micro = results.read(definition.resultsTopic(),
                definition.name(), range, settings.resultsReadTimeout());
        ReconcileReport report = Reconciliation.compare(folded, micro);
        observation.reconciled(report);
        List<RecordSink.Outgoing> corrections = report.differing().stream()
                .map(d -> RecordSink.Outgoing.result(definition.resultsTopic(), d.correction()))
                .toList();
        sink.send(corrections).await(settings.emitTimeout().toMillis());
        String reportKey = RunKeys.reconcileReport(definition.name(), runId);
        try {
            store.put(reportKey, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report.toJson()),
                    Map.of("tandem-run", runId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode summary = report.summary();
        summary.put("report", reportKey);
        return summary;
    }

    private ObjectNode replay(Progress progress) {
        RunStatus status = progress.current();
        Manifest manifest = loadManifest(status.manifest(), "manifest");
        FoldedRange folded = fold.fold(manifest, progress);
        progress.observation.folded(folded);
        ObjectNode summary = summary(status.manifest(), folded.counts());
        List<String> objects = writeResults(folded, status.runId());
        summary.putArray("resultObjects").addAll(objects.stream().map(summary::textNode).toList());
        originalRun(status.manifest()).ifPresent(original -> {
            summary.put("originalRun", original);
            summary.put("identicalToOriginal", sameResults(original, status.runId()));
        });
        return summary;
    }

    private ObjectNode compact(Progress progress) {
        RunStatus status = progress.current();
        Manifest before = catalog.cut(definition.name(), StateLayout.of(definition).fingerprint(), range(status));
        String manifestKey = RunKeys.manifest(definition.name(), status.runId());
        store.put(manifestKey, before.toJson(), Map.of("tandem-run", status.runId()));
        progress.manifest(manifestKey, before.objects().size());
        Compaction.Outcome outcome = new Compaction(store, definition, settings.compactTarget()).compact(before, progress);
        String afterKey = RunKeys.runPrefix(definition.name(), status.runId()) + "compacted-manifest.json";
        store.put(afterKey, outcome.after().toJson(), Map.of("tandem-run", status.runId()));
        if (!outcome.resultsEqual()) {
            throw new IllegalStateException("Compaction of " + range(status) + " would change results; the compacted"
                    + " segments were deleted and the originals kept");
        }
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("manifest", manifestKey);
        summary.put("compactedManifest", afterKey);
        summary.put("segmentsBefore", before.objects().size());
        summary.put("segmentsAfter", outcome.after().objects().size());
        summary.put("bytesBefore", before.totalBytes());
        summary.put("bytesAfter", outcome.after().totalBytes());
        summary.put("written", outcome.written().size());
        summary.put("deleted", outcome.deleted().size());
        summary.put("resultsIdentical", true);
        return summary;
    }

    private ObjectNode retention() {
        Retention.Outcome outcome = new Retention(store).apply(definition.name(), definition.retention().raw(),
                definition.retention().results(), clock.instant());
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.put("rawCutoff", outcome.rawCutoff().toString());
        summary.put("resultsCutoff", outcome.resultsCutoff().toString());
        summary.put("rawSegmentsDeleted", outcome.rawSegments().size());
        summary.put("resultRunsDeleted", outcome.resultRuns().size());
        summary.put("resultObjectsDeleted", outcome.resultObjects().size());
        keys(summary.putArray("rawSegments"), outcome.rawSegments());
        keys(summary.putArray("resultRuns"), outcome.resultRuns());
        return summary;
    }

    private static void keys(ArrayNode array, List<String> keys) {
        keys.stream().limit(KEYS_SHOWN).forEach(array::add);
    }

    private List<String> writeResults(FoldedRange folded, String runId) {
        List<String> keys = new ArrayList<>();
        ResultObjects.of(folded).forEach((hour, bytes) -> {
            String key = RunKeys.resultObject(definition.name(), runId, hour);
            store.put(key, bytes, Map.of("tandem-run", runId));
            keys.add(key);
        });
        return keys;
    }

    /** Writes the range's pointer: from now on readers see this run's results. */
    private String publish(TimeRange range, String runId, String manifestKey, List<String> objects, FoldCounts counts) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("pipeline", definition.name());
        p.put("from", range.from().toString());
        p.put("to", range.to().toString());
        p.put("runId", runId);
        p.put("manifest", manifestKey);
        p.put("windows", counts.windows());
        p.put("publishedAt", clock.instant().toString());
        p.putArray("objects").addAll(objects.stream().map(p::textNode).toList());
        String key = RunKeys.pointer(definition.name(), range);
        try {
            store.put(key, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(p), Map.of("tandem-run", runId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key;
    }

    private static ObjectNode summary(String manifestKey, FoldCounts c) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("manifest", manifestKey);
        o.put("segments", c.segments());
        o.put("bytes", c.bytes());
        o.put("records", c.records());
        o.put("duplicates", c.duplicates());
        o.put("late", c.late());
        o.put("windows", c.windows());
        return o;
    }

    private Manifest loadManifest(String key, String field) {
        byte[] bytes = store.get(key).orElseThrow(() -> new RunNotFoundException(field, "No manifest at " + key
                + " in bucket " + store.bucket()));
        try {
            return Manifest.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new RunNotFoundException(field, key + " is not a manifest: " + e.getMessage());
        }
    }

    /** The run a manifest key belongs to, if it is a run's manifest. */
    private Optional<String> originalRun(String manifestKey) {
        String prefix = "runs/" + definition.name() + "/";
        if (manifestKey.startsWith(prefix) && manifestKey.endsWith("/manifest.json")) {
            return Optional.of(manifestKey.substring(prefix.length(), manifestKey.length() - "/manifest.json".length()));
        }
        return Optional.empty();
    }

    private boolean sameResults(String originalRun, String runId) {
        String a = RunKeys.resultsPrefix(definition.name(), originalRun);
        String b = RunKeys.resultsPrefix(definition.name(), runId);
        List<ObjectStore.ObjectInfo> left = store.list(a);
        List<ObjectStore.ObjectInfo> right = store.list(b);
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            String l = left.get(i).key();
            String r = right.get(i).key();
            if (!l.substring(a.length()).equals(r.substring(b.length()))
                    || !Arrays.equals(store.get(l).orElseThrow(), store.get(r).orElseThrow())) {
                return false;
            }
        }
        return true;
    }

    private static TimeRange range(RunStatus s) {
        return new TimeRange(Instant.parse(s.from()), Instant.parse(s.to()));
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The run's status as it goes, saved at most once a second while segments are read. */
    private final class Progress implements FoldListener {
        private volatile RunStatus status;
        private RunObserver.Observation observation;
        private long lastSaved;
        private int segmentsDone;
        private long records;

        Progress(RunStatus status) {
            this.status = status;
        }

        RunStatus current() {
            return status;
        }

        void manifest(String key, int segments) {
            status = status.withManifest(key, segments);
            runs.save(status);
        }

        @Override
        public synchronized void segmentRead(String key, int recordsRead, long bytes, Map<String, String> metadata,
                long nanos) {
            segmentsDone++;
            records += recordsRead;
            status = status.withProgress(new RunStatus.Progress(segmentsDone,
                    Math.max(segmentsDone, status.progress().segmentsTotal()), records));
            observation.segmentRead(key, recordsRead, bytes, metadata, nanos);
            long now = System.currentTimeMillis();
            if (now - lastSaved >= STATUS_EVERY_MS) {
                lastSaved = now;
                runs.save(status);
            }
        }
    }
}
