package dev.tandem.shared.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;

/**
 * A deterministic cut of the raw data: the exact objects (key, size, ETag) a batch run reads
 * for an event-time range, under a state layout. The same manifest always yields the same
 * results; a run is replayed from its manifest, and a changed object (other size or ETag) is
 * detected rather than silently read.
 *
 * @param pipeline the pipeline
 * @param from     start of the event-time range (inclusive)
 * @param to       end of the event-time range (exclusive)
 * @param layout   the state layout fingerprint of the definition it was cut for
 * @param objects  the objects, sorted by key
 */
public record Manifest(String pipeline, Instant from, Instant to, String layout, List<ManifestEntry> objects) {

    public static final String FORMAT = "tandem-manifest/1";

    public Manifest {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(layout, "layout");
        List<ManifestEntry> sorted = new ArrayList<>(objects);
        sorted.sort(Comparator.comparing(ManifestEntry::key));
        objects = List.copyOf(sorted);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("Invalid range (value was: " + from + " to " + to + "): from must be before to");
        }
    }

    public long totalBytes() {
        return objects.stream().mapToLong(ManifestEntry::size).sum();
    }

    /** Pretty-printed JSON with a stable field order; equal manifests give equal bytes. */
    public byte[] toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("format", FORMAT);
        o.put("pipeline", pipeline);
        o.put("from", from.toString());
        o.put("to", to.toString());
        o.put("layout", layout);
        ArrayNode list = o.putArray("objects");
        for (ManifestEntry e : objects) {
            list.addObject().put("key", e.key()).put("size", e.size()).put("etag", e.etag());
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest parse(byte[] json) {
        try {
            JsonNode o = Json.mapper().readTree(json);
            if (!FORMAT.equals(o.path("format").asText())) {
                throw new IllegalArgumentException("Not a Tandem manifest (format was: " + o.path("format").asText()
                        + ", expected " + FORMAT + ")");
            }
            List<ManifestEntry> objects = new ArrayList<>();
            o.path("objects").forEach(e -> objects.add(
                    new ManifestEntry(e.get("key").asText(), e.get("size").asLong(), e.get("etag").asText())));
            return new Manifest(o.get("pipeline").asText(), Instant.parse(o.get("from").asText()),
                    Instant.parse(o.get("to").asText()), o.get("layout").asText(), objects);
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("Corrupt manifest: " + e.getMessage(), e);
        }
    }
}
