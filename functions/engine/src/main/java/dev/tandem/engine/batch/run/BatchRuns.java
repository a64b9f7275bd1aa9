package dev.tandem.engine.batch.run;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.batch.MicroBatchResults;
import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ObjectStore;

/**
 * The run manager: starts, runs and resumes batch runs — recompute, replay, reconcile, compact and
 * retention, each done by its {@link RunHandler}. Each run's status lives in S3 ({@link RunStore})
 * from its first moment, so any instance can report it and resume it. A run publishes by writing
 * its range's pointer last: a failure before that leaves the previous results published and nothing
 * half-written visible.
 */
public final class BatchRuns implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BatchRuns.class.getName());
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final PipelineDefinition definition;
    private final ObjectStore store;
    private final RunStore runs;
    private final BatchSettings settings;
    private final RunObserver observer;
    private final Clock clock;
    private final Map<RunKind, RunHandler> handlers = new EnumMap<>(RunKind.class);
    private final Resume resume;
    private final ExecutorService executor;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    /** Failures S3 did not take when they happened (it was the failure): recorded at the next chance. */
    private final Map<String, RunStatus> unrecorded = new ConcurrentHashMap<>();

    public BatchRuns(PipelineDefinition definition, ObjectStore store, MicroBatchResults results, RecordSink sink,
            BatchSettings settings, RunObserver observer, Clock clock, int concurrentRuns) {
        this(definition, store, results, sink, settings, observer, clock, concurrentRuns, null);
    }

    /** @param backfill what backfill runs read and land with; null if this instance cannot backfill */
    public BatchRuns(PipelineDefinition definition, ObjectStore store, MicroBatchResults results, RecordSink sink,
            BatchSettings settings, RunObserver observer, Clock clock, int concurrentRuns, BackfillSources backfill) {
        this.definition = definition;
        this.store = store;
        this.runs = new RunStore(store, definition.name());
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
        this.resume = new Resume(runs, definition.name());
        handlers.put(RunKind.RECOMPUTE, new RecomputeRun());
        handlers.put(RunKind.RECONCILE, new ReconcileRun(results, sink));
        handlers.put(RunKind.REPLAY, new ReplayRun());
        handlers.put(RunKind.COMPACT, new CompactRun());
        handlers.put(RunKind.RETENTION, new RetentionRun());
        if (backfill != null) {
            handlers.put(RunKind.BACKFILL, new BackfillRun(results, sink, backfill));
        }
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
        recordPendingFailures();
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

    /**
     * Lands every backfill cut the live path left (those without a completion) and reconciles the
     * windows their records touch.
     *
     * @throws IllegalStateException if this instance was built without {@link BackfillSources}
     */
    public RunStatus backfill(String caller, boolean async) {
        if (!canBackfill()) {
            throw new IllegalStateException("Backfill is not configured for pipeline " + definition.name());
        }
        return execute(start(RunKind.BACKFILL, null, caller), async);
    }

    /** Whether this instance was given what backfills need. */
    public boolean canBackfill() {
        return handlers.containsKey(RunKind.BACKFILL);
    }

    /** Backfill cuts of the pipeline that no backfill has completed yet, in partition and offset order. */
    public List<BackfillCut> pendingBackfills() {
        return BackfillRun.pending(store, definition.name());
    }

    /** Re-runs exactly the cut of {@code manifestKey}; the results go under the new run, unpublished. */
    public RunStatus replay(String manifestKey, String caller, boolean async) {
        Manifest manifest = Manifests.load(store, manifestKey, "manifest");
        RunStatus status = start(RunKind.REPLAY, new TimeRange(manifest.from(), manifest.to()), caller);
        return execute(status.withManifest(manifestKey, manifest.objects().size()), async);
    }

    /** Runs a FAILED run again from its manifest (or a RUNNING one whose instance died), under its id. */
    public RunStatus resume(String runId, String caller, boolean async) {
        recordPendingFailures();
        RunStatus status = resume.status(runId, active::contains, clock.instant());
        LOG.log(System.Logger.Level.INFO, String.format("Resuming %s run %s for %s (attempt %d)",
                status.kind().label(), runId, caller, status.attempts()));
        return execute(status, async);
    }

    private RunStatus start(RunKind kind, TimeRange range, String caller) {
        Instant now = clock.instant();
        String runId = kind.label() + "-" + RUN_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
        return RunStatus.started(runId, definition.name(), kind, range == null ? null : range.from(),
                range == null ? null : range.to(), caller, now);
    }

    private RunStatus execute(RunStatus initial, boolean async) {
        recordPendingFailures();
        runs.save(initial);
        active.add(initial.runId());
        if (async) {
            executor.execute(() -> run(initial));
            return initial;
        }
        return run(initial);
    }

    private RunStatus run(RunStatus initial) {
        RunObserver.Observation observation = observer.start(initial);
        RunContext context = new RunContext(definition, store, runs, settings, clock, initial, observation);
        try {
            RunSummary summary = handlers.get(initial.kind()).run(context);
            RunStatus done = context.status().succeeded(summary, clock.instant());
            runs.save(done);
            observation.end(done, null);
            return done;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Run " + initial.runId() + " failed", e);
            RunStatus failed = context.status().failed(describe(e), clock.instant());
            try {
                runs.save(failed);
            } catch (RuntimeException again) {
                unrecorded.put(failed.runId(), failed);
                LOG.log(System.Logger.Level.WARNING, "Could not record the failure of run " + initial.runId() + " ("
                        + again.getMessage() + "); it is recorded at the next call that reaches S3");
            }
            observation.end(failed, e);
            return failed;
        } finally {
            active.remove(initial.runId());
        }
    }

    /**
     * Writes the failures S3 refused when they happened. Until then S3 says RUNNING for a run that
     * no instance runs; a resume in between is right (it resumes RUNNING runs of dead instances), and
     * the status written here never overwrites a later attempt's.
     */
    private void recordPendingFailures() {
        for (RunStatus failed : List.copyOf(unrecorded.values())) {
            if (active.contains(failed.runId())) {
                unrecorded.remove(failed.runId(), failed);
                continue;
            }
            try {
                RunStatus stored = runs.load(failed.runId()).orElse(null);
                if (stored != null && stored.state() == RunState.RUNNING && stored.attempts() == failed.attempts()) {
                    runs.save(failed);
                }
                unrecorded.remove(failed.runId(), failed);
            } catch (RuntimeException e) {
                return; // S3 still unreachable: the call itself will say so
            }
        }
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
}
