package dev.tandem.engine.batch.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.tandem.engine.batch.FoldCounts;

/**
 * What a recompute (or a reconcile, which is a recompute plus a comparison) produced.
 *
 * @param manifest       the manifest folded
 * @param segments       segments read
 * @param bytes          their compressed bytes
 * @param records        distinct records read
 * @param duplicates     records skipped as duplicate events
 * @param late           late records, included here and left out of FINAL results
 * @param windows        (window, group) values inside the range
 * @param pointer        the pointer written last, publishing the results
 * @param resultObjects  the result objects written
 * @param reconciliation for a reconcile, the comparison with the micro-batch results; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecomputeSummary(String manifest, int segments, long bytes, long records, long duplicates, long late,
        int windows, String pointer, List<String> resultObjects, ReconcileSummary reconciliation)
        implements RunSummary {

    public RecomputeSummary {
        resultObjects = List.copyOf(resultObjects);
    }

    static RecomputeSummary of(String manifest, FoldCounts c, String pointer, List<String> resultObjects) {
        return new RecomputeSummary(manifest, c.segments(), c.bytes(), c.records(), c.duplicates(), c.late(),
                c.windows(), pointer, resultObjects, null);
    }

    RecomputeSummary withReconciliation(ReconcileSummary r) {
        return new RecomputeSummary(manifest, segments, bytes, records, duplicates, late, windows, pointer,
                resultObjects, r);
    }

    @Override
    public List<String> writtenResultObjects() {
        return resultObjects;
    }

    @Override
    public long writtenWindows() {
        return windows;
    }
}
