package dev.tandem.engine.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.SegmentKey;

/**
 * Deletes what the pipeline's retention says has expired: raw segments whose event hour ended
 * longer than {@code retention.raw} ago (and values of oversized dead letters produced on a day that
 * ended that long ago, and completed backfill cuts decided that long ago), and published results (pointer, result objects, run
 * manifest, status and report) whose range ended longer than {@code retention.results} ago.
 */
public final class Retention {

    private final ObjectStore store;

    public Retention(ObjectStore store) {
        this.store = store;
    }

    /**
     * What was deleted.
     *
     * @param rawSegments    segment keys deleted
     * @param resultRuns     run ids whose results were deleted
     * @param resultObjects  objects deleted with those runs
     * @param rawCutoff      segments of hours ending before this were deleted
     * @param resultsCutoff  results of ranges ending before this were deleted
     * @param deadLetterPayloads values of oversized dead letters deleted (filed by day, kept as long as raw data)
     * @param backfillCuts   completed backfill cuts deleted (with their completions), decided before the raw cutoff
     */
    public record Outcome(List<String> rawSegments, List<String> resultRuns, List<String> resultObjects,
            Instant rawCutoff, Instant resultsCutoff, List<String> deadLetterPayloads, List<String> backfillCuts) {
    }

    public Outcome apply(String pipeline, Duration raw, Duration results, Instant now) {
        Instant rawCutoff = now.minus(raw);
        List<String> segments = new ArrayList<>();
        for (ObjectStore.ObjectInfo o : store.list(ObjectKeys.raw(pipeline))) {
            if (!SegmentCatalog.isSegment(o.key())) {
                continue;
            }
            SegmentKey k = SegmentKey.parse(o.key());
            if (!k.hour().plus(Duration.ofHours(1)).isAfter(rawCutoff)) {
                segments.add(o.key());
            }
        }
        store.delete(segments);
        List<String> payloads = new ArrayList<>();
        for (ObjectStore.ObjectInfo o : store.list(ObjectKeys.deadLetterPayloads(pipeline))) {
            ObjectKeys.deadLetterPayloadDate(pipeline, o.key()).ifPresent(day -> {
                if (!day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isAfter(rawCutoff)) {
                    payloads.add(o.key());
                }
            });
        }
        store.delete(payloads);
        List<String> cuts = expiredBackfillCuts(pipeline, rawCutoff);
        // Cuts first: a completion left without its cut is inert, a cut left without its completion
        // would be backfilled again.
        store.delete(cuts);
        store.delete(cuts.stream().map(ObjectKeys::backfillDone).toList());

        Instant resultsCutoff = now.minus(results);
        List<String> runs = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (ObjectStore.ObjectInfo pointer : store.list(ObjectKeys.pointers(pipeline))) {
            ResultsPointer p = store.get(pointer.key()).map(Retention::pointer).orElse(null);
            if (p == null || p.to().isAfter(resultsCutoff)) {
                continue;
            }
            String runId = p.runId();
            List<String> keys = new ArrayList<>();
            keys.add(pointer.key());
            store.list(ObjectKeys.results(pipeline, runId)).forEach(o -> keys.add(o.key()));
            store.list(ObjectKeys.run(pipeline, runId)).forEach(o -> keys.add(o.key()));
            // Unpublished first: readers never follow a pointer to deleted objects.
            List<String> pointerLast = new ArrayList<>(keys.subList(1, keys.size()));
            store.delete(List.of(pointer.key()));
            store.delete(pointerLast);
            runs.add(runId);
            objects.addAll(keys);
        }
        return new Outcome(segments, runs, objects, rawCutoff, resultsCutoff, payloads, cuts);
    }

    /**
     * Cuts that a backfill completed and that were decided before {@code cutoff}: their records are
     * older than the raw data kept, so nothing can backfill them again. A pending cut is never
     * deleted.
     */
    private List<String> expiredBackfillCuts(String pipeline, Instant cutoff) {
        List<String> keys = store.list(ObjectKeys.backfill(pipeline)).stream().map(ObjectStore.ObjectInfo::key).toList();
        java.util.Set<String> all = java.util.Set.copyOf(keys);
        List<String> expired = new ArrayList<>();
        for (String key : keys) {
            if (ObjectKeys.isBackfillCut(key) && all.contains(ObjectKeys.backfillDone(key))) {
                store.get(key).map(bytes -> BackfillCut.parse(key, bytes)).filter(c -> c.decidedAt().isBefore(cutoff))
                        .ifPresent(c -> expired.add(key));
            }
        }
        return expired;
    }

    /** A pointer, or null for an object under the pointers' prefix that is none (left alone). */
    private static ResultsPointer pointer(byte[] bytes) {
        try {
            return ResultsPointer.parse(bytes);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
