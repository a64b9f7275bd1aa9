package dev.tandem.engine.batch.run;

import java.util.Map;

import dev.tandem.engine.batch.Compaction;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.Manifest;

/**
 * Compact: merge the range's small segments into larger ones, succeeding only when the results
 * from the segments after are byte-identical to those before. Always cuts anew, also when resumed:
 * a failed compaction may have replaced segments already.
 */
final class CompactRun implements RunHandler {

    @Override
    public CompactSummary run(RunContext run) {
        Manifest before = run.cut();
        String manifestKey = run.status().manifest();
        Compaction.Outcome outcome = new Compaction(run.store, run.definition, run.settings.compactTarget())
                .compact(before, run);
        String afterKey = ObjectKeys.compactedManifest(run.pipeline(), run.runId());
        run.store.put(afterKey, outcome.after().toJson(), Map.of(ObjectKeys.RUN_METADATA, run.runId()));
        if (!outcome.resultsEqual()) {
            throw new IllegalStateException("Compaction of " + run.range() + " would change results; the compacted"
                    + " segments were deleted and the originals kept");
        }
        return new CompactSummary(manifestKey, afterKey, before.objects().size(), outcome.after().objects().size(),
                before.totalBytes(), outcome.after().totalBytes(), outcome.written().size(), outcome.deleted().size(),
                true);
    }
}
