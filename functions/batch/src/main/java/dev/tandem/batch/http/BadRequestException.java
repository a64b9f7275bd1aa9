package dev.tandem.batch.http;

/** A request the function cannot take as it is: answered 4xx with a problem naming the field. */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    BadRequestException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    BadRequestException(String field, String message) {
        this(400, field, message);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
