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
 * @param landed        {@code payload} as the UTF-8 JSON to land, one line: the bytes that came with
 *                      masked values spliced in ({@link LandedPayload}); null where only the tree is
 *                      known (read back from a segment), and the payload is written from the tree.
 *                      Not part of equality: it is the same value as {@code payload}, in another form.
 *                      Never mutated.
 * @param inputs        what the pipeline's aggregates read of {@code payload}, taken where it was
 *                      parsed; null where they are read from the payload when folded. Not part of
 *                      equality either: it is derived from {@code payload}.
 */
public record Envelope(String eventId, long eventTimeMs, GroupKey group, SourceCoordinates source, long producedAtMs,
        int schemaVersion, Optional<String> traceparent, JsonNode payload, byte[] landed, AggregateInputs inputs) {

    public Envelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(payload, "payload");
    }

    /** An envelope whose payload is known as a tree only: it is landed by writing the tree. */
    public Envelope(String eventId, long eventTimeMs, GroupKey group, SourceCoordinates source, long producedAtMs,
            int schemaVersion, Optional<String> traceparent, JsonNode payload) {
        this(eventId, eventTimeMs, group, source, producedAtMs, schemaVersion, traceparent, payload, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e && eventTimeMs == e.eventTimeMs && producedAtMs == e.producedAtMs
                && schemaVersion == e.schemaVersion && eventId.equals(e.eventId) && group.equals(e.group)
                && source.equals(e.source) && traceparent.equals(e.traceparent) && payload.equals(e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, eventTimeMs, group, source, producedAtMs, schemaVersion, traceparent, payload);
    }

    @Override
    public String toString() {
        return "Envelope[eventId=" + eventId + ", eventTimeMs=" + eventTimeMs + ", group=" + group + ", source=" + source
                + ", producedAtMs=" + producedAtMs + ", schemaVersion=" + schemaVersion + ", traceparent=" + traceparent
                + ", payload=" + payload + "]";
    }
}
