package dev.tandem.engine.batch.run;

import java.util.List;
import java.util.Map;

import dev.tandem.engine.batch.FoldedRange;
import dev.tandem.engine.batch.ResultsPointer;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.Manifest;

/**
 * Recompute: cut the range's segments into a manifest (or take the one a resumed run cut), fold it
 * with late data, write the result objects, then publish them by writing the range's pointer last.
 */
final class RecomputeRun implements RunHandler {

    @Override
    public RecomputeSummary run(RunContext run) {
        return recompute(run).summary();
    }

    /** A recompute's fold and summary, for the reconcile that follows one. */
    record Recomputed(FoldedRange folded, RecomputeSummary summary) {
    }

    static Recomputed recompute(RunContext run) {
        return recompute(run, run.manifest());
    }

    /** Recomputes {@code manifest}, which the run's status names. */
    static Recomputed recompute(RunContext run, Manifest manifest) {
        String manifestKey = run.status().manifest();
        FoldedRange folded = run.fold(manifest);
        List<String> objects = run.writeResults(folded);
        ResultsPointer pointer = new ResultsPointer(run.pipeline(), run.range().from(), run.range().to(), run.runId(),
                manifestKey, folded.counts().windows(), run.clock.instant(), objects);
        String pointerKey = ObjectKeys.pointer(run.pipeline(), run.range().from(), run.range().to());
        run.store.put(pointerKey, pointer.toJson(), Map.of(ObjectKeys.RUN_METADATA, run.runId()));
        return new Recomputed(folded, RecomputeSummary.of(manifestKey, folded.counts(), pointerKey, objects));
    }
}
