package dev.tandem.engine.batch.run;

/**
 * Does the work of one kind of run. The {@link BatchRuns manager} owns the lifecycle — status in
 * storage, observation, success and failure — and hands each handler a {@link RunContext}.
 */
interface RunHandler {

    /**
     * Runs (or, after a resume, runs again from the manifest in the status) and says what it
     * produced. Throws to fail the run; nothing it published before the throw may be half-written.
     */
    RunSummary run(RunContext run);
}
