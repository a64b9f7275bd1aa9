package dev.tandem.engine.batch.run;

/** Where a run is. A FAILED run (or a RUNNING one whose instance died) can be resumed. */
public enum RunState {
    RUNNING, SUCCEEDED, FAILED
}
