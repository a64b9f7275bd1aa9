package dev.tandem.batch.http;

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

/**
 * A batch function's JSON request, read strictly: unknown fields, missing or mistyped ones, a range
 * that is empty, reversed or too long are each refused with the field and the fix.
 */
final class RequestBody {

    private final JsonNode body;

    private RequestBody(JsonNode body) {
        this.body = body;
    }

    static RequestBody parse(byte[] bytes, Set<String> allowed) {
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

    String text(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new BadRequestException(field, "'" + field + "' is required");
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new BadRequestException(field, "'" + field + "' must be a non-empty string (was " + v + ")");
        }
        return v.textValue();
    }

    boolean flag(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadRequestException(field, "'" + field + "' must be true or false (was " + v + ")");
        }
        return v.booleanValue();
    }

    Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, "'" + field + "' must be an ISO-8601 instant in UTC such as"
                    + " 2026-11-25T10:00:00Z (was \"" + text + "\")");
        }
    }

    /** {@code pipeline} must name the function's pipeline. */
    void pipeline(String expected) {
        String name = text("pipeline");
        if (!name.equals(expected)) {
            throw new BadRequestException(404, "pipeline", "unknown pipeline '" + name + "'; this function serves '"
                    + expected + "'");
        }
    }

    TimeRange range(Duration maxRange) {
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

    static Set<String> fields(String... names) {
        return Set.copyOf(List.of(names));
    }
}
