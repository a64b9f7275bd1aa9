package dev.tandem.microbatch.push;

/** A push request that cannot be processed, naming the field at fault. */
final class MalformedPushException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    MalformedPushException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
