package dev.tandem.function.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.engine.batch.TimeRange;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectKeys;

/**
 * A batch function's JSON request, read strictly: unknown fields, missing or mistyped ones, a range
 * that is empty, reversed or too long are each refused with the field and the fix.
 */
public final class RequestBody {

    private final JsonNode body;

    private RequestBody(JsonNode body) {
        this.body = body;
    }

    public static RequestBody parse(byte[] bytes, Set<String> allowed) {
        if (bytes == null || bytes.length == 0) {
            throw new BadRequestException("", "the body is empty; send a JSON object with " + allowed);
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("", "the body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("", "the body must be a JSON object with " + allowed);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new BadRequestException(name, "unknown field '" + name + "'; the fields are " + allowed);
            }
        }
        return new RequestBody(node);
    }

    /** A run id: one key segment (never a path), else 400 naming the field. */
    public String runId(String field) {
        String runId = text(field);
        if (!ObjectKeys.isRunId(runId)) {
            throw new BadRequestException(field, "'" + shorten(runId) + "' is not a run id; run ids look like"
                    + " recompute-20261130T120000Z-1a2b3c4d, as POST /recompute and the others answer");
        }
        return runId;
    }

    /** The key of a manifest of one of the pipeline's runs, else 400 naming the field. */
    public String manifestKey(String field, String pipeline) {
        String key = text(field);
        if (!ObjectKeys.isRunManifest(pipeline, key)) {
            throw new BadRequestException(field, "'" + shorten(key) + "' is not a manifest of a run of pipeline "
                    + pipeline + "; give the key a run's status names, e.g. runs/" + pipeline
                    + "/recompute-20261130T120000Z-1a2b3c4d/manifest.json");
        }
        return key;
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    public String text(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new BadRequestException(field, "'" + field + "' is required");
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new BadRequestException(field, "'" + field + "' must be a non-empty string (was " + v + ")");
        }
        return v.textValue();
    }

    public boolean flag(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadRequestException(field, "'" + field + "' must be true or false (was " + v + ")");
        }
        return v.booleanValue();
    }

    public Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "'" + field + "' must be an ISO-8601 instant in UTC such as"
                    + " 2026-11-25T10:00:00Z (was \"" + text + "\")");
        }
    }

    /** {@code pipeline} must name the function's pipeline. */
    public void pipeline(String expected) {
        String name = text("pipeline");
        if (!name.equals(expected)) {
            throw new BadRequestException(404, "pipeline", "unknown pipeline '" + name + "'; this function serves '"
                    + expected + "'");
        }
    }

    public TimeRange range(Duration maxRange) {
        Instant from = instant("from");
        Instant to = instant("to");
        if (!from.isBefore(to)) {
            throw new BadRequestException("from", "'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        TimeRange range = new TimeRange(from, to);
        if (range.length().compareTo(maxRange) > 0) {
            throw new BadRequestException("to", "the range " + range + " is " + range.length() + " long, more than "
                    + maxRange + " (tandem.batch.max-range); split it into shorter ranges");
        }
        return range;
    }

    public static Set<String> fields(String... names) {
        return Set.copyOf(List.of(names));
    }
}
