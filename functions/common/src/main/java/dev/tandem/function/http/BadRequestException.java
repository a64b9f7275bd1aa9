package dev.tandem.function.http;

/** A request the function cannot take as it is: answered 4xx with a problem naming the field. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    public BadRequestException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public BadRequestException(String field, String message) {
        this(400, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
