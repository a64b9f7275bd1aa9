package dev.tandem.engine.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import dev.tandem.shared.record.Json;

/**
 * The pointer that publishes a range's results: readers follow it to the run whose result objects
 * are current. Written last by a recompute, so a failure before it leaves the previous results
 * published; deleted first by retention, so no reader follows it to deleted objects.
 *
 * @param pipeline    the pipeline
 * @param from        range start (inclusive)
 * @param to          range end (exclusive)
 * @param runId       the run whose results are published
 * @param manifest    that run's manifest
 * @param windows     (window, group) values in its result objects
 * @param publishedAt when the pointer was written
 * @param objects     the result objects
 */
public record ResultsPointer(String pipeline, Instant from, Instant to, String runId, String manifest, int windows,
        Instant publishedAt, List<String> objects) {

    public ResultsPointer {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    public TimeRange range() {
        return new TimeRange(from, to);
    }

    /** The pointer's bytes: pretty-printed JSON, fields in the order above. */
    public byte[] toJson() {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a pointer */
    public static ResultsPointer parse(byte[] json) {
        try {
            ResultsPointer p = Json.mapper().readValue(json, ResultsPointer.class);
            if (p.runId() == null || p.to() == null) {
                throw new IllegalArgumentException("A results pointer needs runId and to");
            }
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a results pointer: " + e.getMessage(), e);
        }
    }
}
