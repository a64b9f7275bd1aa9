package dev.tandem.batch.config;

import dev.tandem.engine.batch.ResultsPointer;
import dev.tandem.engine.batch.run.BackfillSummary;
import dev.tandem.engine.batch.run.CompactSummary;
import dev.tandem.engine.batch.run.RecomputeSummary;
import dev.tandem.engine.batch.run.ReconcileSummary;
import dev.tandem.engine.batch.run.ReplaySummary;
import dev.tandem.engine.batch.run.RetentionSummary;
import dev.tandem.engine.batch.run.RunStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The engine's records that Jackson writes and reads by reflection (run statuses with their typed
 * summaries, pointers): registered so a native executable keeps their accessors and constructors.
 */
@RegisterForReflection(targets = { RunStatus.class, RunStatus.Progress.class, RecomputeSummary.class,
        ReconcileSummary.class, ReplaySummary.class, CompactSummary.class, RetentionSummary.class, BackfillSummary.class,
        ResultsPointer.class, dev.tandem.function.http.FunctionInfo.class })
final class JsonTypes {

    private JsonTypes() {
    }
}
