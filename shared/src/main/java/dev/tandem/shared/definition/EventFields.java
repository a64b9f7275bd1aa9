package dev.tandem.shared.definition;

import java.util.Objects;

import dev.tandem.shared.record.FieldPath;

/**
 * The two fields every event must carry.
 *
 * @param id   unique per event; duplicates (same id) are counted once within the dedupe horizon
 * @param time the event time: an RFC 3339 timestamp string or epoch milliseconds
 */
public record EventFields(FieldPath id, FieldPath time) {

    public EventFields {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
    }
}
