package dev.tandem.function.push;

/** A push request that cannot be processed, naming the field at fault. */
public final class MalformedPushException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public MalformedPushException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
