package dev.tandem.shared.record;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A valid event as both rhythms see it.
 *
 * @param eventId       the event's id (text)
 * @param eventTimeMs   the event time, epoch milliseconds UTC
 * @param group         the group key, from the masked payload
 * @param source        where it was read
 * @param producedAtMs  the Kafka record timestamp, for freshness measurements
 * @param schemaVersion the schema version it was validated against
 * @param traceparent   the producer's W3C trace context, if it sent one
 * @param payload       the event with PII fields masked; never mutated
 */
public record Envelope(String eventId, long eventTimeMs, GroupKey group, SourceCoordinates source, long producedAtMs,
        int schemaVersion, Optional<String> traceparent, JsonNode payload) {

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(payload, "payload");
    }
}
