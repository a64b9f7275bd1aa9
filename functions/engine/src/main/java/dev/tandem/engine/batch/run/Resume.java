package dev.tandem.engine.batch.run;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * Resume: a FAILED run (or a RUNNING one whose instance died) runs again under its id, from the
 * manifest it had cut, with the handler of its kind. A run that succeeded, or that runs on this
 * instance now, is not resumed.
 */
final class Resume {

    private final RunStore runs;
    private final String pipeline;

    Resume(RunStore runs, String pipeline) {
        this.runs = runs;
        this.pipeline = pipeline;
    }

    /**
     * The status to run again.
     *
     * @throws RunNotFoundException if there is no such run
     * @throws RunConflictException if it succeeded, or is active here
     */
    RunStatus status(String runId, Predicate<String> activeHere, Instant now) {
        RunStatus status = runs.load(runId).orElseThrow(() -> new RunNotFoundException("runId",
                "No run " + runId + " of pipeline " + pipeline));
        if (status.state() == RunState.SUCCEEDED) {
            throw new RunConflictException("Run " + runId + " already succeeded; start a new run instead");
        }
        if (activeHere.test(runId)) {
            throw new RunConflictException("Run " + runId + " is running on this instance; poll runStatus");
        }
        return status.resumed(now);
    }
}
