package dev.tandem.engine.batch.run;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tandem.engine.batch.FoldListener;
import dev.tandem.engine.batch.FoldedRange;
import dev.tandem.engine.batch.ManifestFold;
import dev.tandem.engine.batch.ResultObjects;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.batch.SegmentCatalog;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ObjectStore;

/**
 * One run as its handler sees it: the pipeline, the storage, the status as it goes (saved at most
 * once a second while segments are read), the observation, and the steps several kinds share —
 * cut or load a manifest, fold it, write result objects.
 */
final class RunContext implements FoldListener {

    private static final long STATUS_EVERY_MS = 1000;

    final PipelineDefinition definition;
    final ObjectStore store;
    final BatchSettings settings;
    final Clock clock;
    final RunObserver.Observation observation;
    private final RunStore runs;
    private volatile RunStatus status;
    private long lastSaved;
    private int segmentsDone;
    private long records;

    RunContext(PipelineDefinition definition, ObjectStore store, RunStore runs, BatchSettings settings, Clock clock,
            RunStatus status, RunObserver.Observation observation) {
        this.definition = definition;
        this.store = store;
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
        this.status = status;
        this.observation = observation;
    }

    RunStatus status() {
        return status;
    }

    String runId() {
        return status.runId();
    }

    String pipeline() {
        return definition.name();
    }

    TimeRange range() {
        return new TimeRange(status.from(), status.to());
    }

    /** The manifest of the run: the one in its status (a resume or a replay), else a new cut of its range. */
    Manifest manifest() {
        if (status.manifest() != null) {
            return Manifests.load(store, status.manifest(), status.kind() == RunKind.REPLAY ? "manifest" : "runId");
        }
        return cut();
    }

    /** Sets the run's range once it is known (a backfill's, from the records it landed), saved at once. */
    void narrowTo(TimeRange range) {
        status = status.withRange(range.from(), range.to());
        runs.save(status);
    }

    /** Progress of a run that reads records rather than segments, saved at most once a second. */
    synchronized void recordsRead(long total) {
        status = status.withProgress(new RunStatus.Progress(status.progress().segmentsDone(),
                status.progress().segmentsTotal(), total));
        long now = System.currentTimeMillis();
        if (now - lastSaved >= STATUS_EVERY_MS) {
            lastSaved = now;
            runs.save(status);
        }
    }

    /** A new cut of the run's range, saved as its manifest before anything reads it. */
    Manifest cut() {
        Manifest cut = new SegmentCatalog(store).cut(pipeline(), StateLayout.of(definition).fingerprint(), range());
        String key = ObjectKeys.manifest(pipeline(), runId());
        store.put(key, cut.toJson(), Map.of(ObjectKeys.RUN_METADATA, runId()));
        status = status.withManifest(key, cut.objects().size());
        runs.save(status);
        return cut;
    }

    FoldedRange fold(Manifest manifest) {
        FoldedRange folded = new ManifestFold(store, definition).fold(manifest, this);
        observation.folded(folded);
        return folded;
    }

    /** Writes the run's result objects, one per hour of windows; returns their keys. */
    List<String> writeResults(FoldedRange folded) {
        List<String> keys = new ArrayList<>();
        ResultObjects.of(folded).forEach((hour, bytes) -> {
            String key = ObjectKeys.resultObject(pipeline(), runId(), hour);
            store.put(key, bytes, Map.of(ObjectKeys.RUN_METADATA, runId()));
            keys.add(key);
        });
        return keys;
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
