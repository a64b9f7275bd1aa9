package dev.tandem.engine.batch.run;

/** A request that cannot apply to a run in its current state, e.g. resuming one that succeeded. */
public final class RunConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunConflictException(String message) {
        super(message);
    }
}
