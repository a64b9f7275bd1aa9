package dev.tandem.engine.batch.run;

import dev.tandem.engine.batch.FoldListener;
import dev.tandem.engine.batch.FoldedRange;
import dev.tandem.engine.batch.ReconcileReport;

/** Traces, metrics and lineage of batch runs; the orchestration knows only this interface. */
public interface RunObserver {

    RunObserver NONE = status -> new Observation() {
    };

    /** A run starts (or resumes). */
    Observation start(RunStatus status);

    /** One run being observed; it hears segment reads as the fold goes. */
    interface Observation extends FoldListener {

        /** The fold is done: what was read, and which micro-batches wrote it. */
        default void folded(FoldedRange folded) {
        }

        /** A reconciliation's outcome. */
        default void reconciled(ReconcileReport report) {
        }

        /** The run ended; {@code failure} is null on success. */
        default void end(RunStatus status, Throwable failure) {
        }
    }
}
