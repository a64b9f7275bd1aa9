package dev.tandem.engine.batch.run;

import java.util.List;

import dev.tandem.engine.batch.Retention;

/** Retention: delete the raw segments and published results the pipeline's retention says have expired. */
final class RetentionRun implements RunHandler {

    @Override
    public RetentionSummary run(RunContext run) {
        Retention.Outcome outcome = new Retention(run.store).apply(run.pipeline(), run.definition.retention().raw(),
                run.definition.retention().results(), run.clock.instant());
        return new RetentionSummary(outcome.rawCutoff(), outcome.resultsCutoff(), outcome.rawSegments().size(),
                outcome.resultRuns().size(), outcome.resultObjects().size(), first(outcome.rawSegments()),
                first(outcome.resultRuns()), outcome.deadLetterPayloads().size(),
                outcome.backfillCuts().size());
    }

    private static List<String> first(List<String> keys) {
        return keys.stream().limit(RetentionSummary.KEYS_SHOWN).toList();
    }
}
