package dev.tandem.engine.batch.run;

/** A run or manifest that a request names does not exist. */
public final class RunNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String field;

    public RunNotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field that named it. */
    public String field() {
        return field;
    }
}
