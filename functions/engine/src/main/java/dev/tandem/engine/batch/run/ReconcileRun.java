package dev.tandem.engine.batch.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.engine.batch.ReconcileReport;
import dev.tandem.engine.batch.Reconciliation;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.batch.MicroBatchResults;
import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ResultRecord;

/**
 * Reconcile: a recompute, then a comparison with the micro-batch results of the range; every
 * differing partial gets a CORRECTED result on the results topic (acknowledged before the run
 * succeeds) and the whole report goes to object storage.
 */
final class ReconcileRun implements RunHandler {

    private final MicroBatchResults results;
    private final RecordSink sink;

    ReconcileRun(MicroBatchResults results, RecordSink sink) {
        this.results = results;
        this.sink = sink;
    }

    @Override
    public RecomputeSummary run(RunContext run) {
        RecomputeRun.Recomputed recomputed = RecomputeRun.recompute(run);
        String topic = run.definition.resultsTopic();
        Map<PartialKey, ResultRecord> micro = results.read(topic, run.pipeline(), run.range(),
                run.settings.resultsReadTimeout());
        ReconcileReport report = Reconciliation.compare(recomputed.folded(), micro);
        return recomputed.summary().withReconciliation(publish(run, sink, report));
    }

    /** Publishes the report's corrections (acknowledged before it returns) and writes the report. */
    static ReconcileSummary publish(RunContext run, RecordSink sink, ReconcileReport report) {
        String topic = run.definition.resultsTopic();
        run.observation.reconciled(report);
        sink.send(report.differing().stream().map(d -> RecordSink.Outgoing.result(topic, d.correction())).toList())
                .await(run.settings.emitTimeout().toMillis());
        String reportKey = ObjectKeys.reconcileReport(run.pipeline(), run.runId());
        try {
            run.store.put(reportKey, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report.toJson()),
                    Map.of(ObjectKeys.RUN_METADATA, run.runId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ReconcileSummary.of(report, reportKey);
    }
}
