package dev.tandem.engine.batch;

/** A manifest cannot be folded as it is: another pipeline or layout, or an object gone or changed. */
public final class ManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }
}
