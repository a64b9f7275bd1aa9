package dev.tandem.shared.json;

import java.io.IOException;
import java.util.List;

import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.record.LandedPayload;

/**
 * Reads record payloads as {@link LandedPayload#parse} does for one pipeline's paths to mask —
 * the same tree, spans, landable bytes and errors — straight off their bytes where it can
 * ({@link PayloadScanner}) and with {@link LandedPayload#parse}, Jackson, where not. Thread-safe.
 */
public final class PayloadReader {

    private final List<FieldPath> paths;
    private final PayloadScanner.Paths tree;
    private final KnownNames names = new KnownNames();

    private PayloadReader(List<FieldPath> paths) {
        this.paths = List.copyOf(paths);
        this.tree = new PayloadScanner.Paths(this.paths);
    }

    /** A reader for payloads whose values at {@code paths} are masked. */
    public static PayloadReader of(List<FieldPath> paths) {
        return new PayloadReader(paths);
    }

    /** As {@link LandedPayload#parse}{@code (json, paths)}. */
    public LandedPayload.Parsed parse(byte[] json) throws IOException {
        LandedPayload.Parsed scanned = new PayloadScanner(tree, names).scan(json);
        return scanned != null ? scanned : LandedPayload.parse(json, paths);
    }
}
