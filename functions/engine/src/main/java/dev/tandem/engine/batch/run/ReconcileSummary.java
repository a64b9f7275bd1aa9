package dev.tandem.engine.batch.run;

import dev.tandem.engine.batch.ReconcileReport;

/**
 * A reconciliation in numbers; the whole report is in object storage under {@code report}.
 *
 * @param windows             complete (window, group) values of the batch run
 * @param batchPartials       partials the batch computed
 * @param microBatchPartials  FINAL (or CORRECTED) partials read from the results topic
 * @param matching            partials equal on both sides
 * @param differing           partials whose values differ
 * @param explained           of those, explained by records the micro-batch value does not hold
 * @param unexplained         of those, not explained: a defect to look into
 * @param corrected           CORRECTED results published (every differing partial)
 * @param missingInMicroBatch partials only the batch has
 * @param missingInBatch      partials only the micro-batch has
 * @param report              the report's key
 */
public record ReconcileSummary(int windows, int batchPartials, int microBatchPartials, int matching, int differing,
        long explained, long unexplained, int corrected, int missingInMicroBatch, int missingInBatch, String report) {

    static ReconcileSummary of(ReconcileReport r, String reportKey) {
        return new ReconcileSummary(r.windows(), r.batchPartials(), r.microBatchPartials(), r.matching(),
                r.differing().size(), r.differing().size() - r.unexplained(), r.unexplained(), r.differing().size(),
                r.missingInMicroBatch().size(), r.missingInBatch().size(), reportKey);
    }
}
