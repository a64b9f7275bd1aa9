package dev.tandem.engine.batch.run;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.tandem.engine.batch.FoldedRange;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ObjectStore;

/**
 * Replay: fold exactly the cut of a manifest again and write the results under the replay's own
 * run, unpublished; when the manifest is a run's, say whether every result byte is the same.
 */
final class ReplayRun implements RunHandler {

    @Override
    public ReplaySummary run(RunContext run) {
        Manifest manifest = run.manifest();
        FoldedRange folded = run.fold(manifest);
        List<String> objects = run.writeResults(folded);
        String manifestKey = run.status().manifest();
        Optional<String> original = ObjectKeys.runOfManifest(run.pipeline(), manifestKey);
        return ReplaySummary.of(manifestKey, folded.counts(), objects, original.orElse(null),
                original.map(o -> sameResults(run, o)).orElse(null));
    }

    private static boolean sameResults(RunContext run, String originalRun) {
        String a = ObjectKeys.results(run.pipeline(), originalRun);
        String b = ObjectKeys.results(run.pipeline(), run.runId());
        List<ObjectStore.ObjectInfo> left = run.store.list(a);
        List<ObjectStore.ObjectInfo> right = run.store.list(b);
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            String l = left.get(i).key();
            String r = right.get(i).key();
            if (!l.substring(a.length()).equals(r.substring(b.length()))
                    || !Arrays.equals(run.store.get(l).orElseThrow(), run.store.get(r).orElseThrow())) {
                return false;
            }
        }
        return true;
    }
}
