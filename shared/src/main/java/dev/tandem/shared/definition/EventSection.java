package dev.tandem.shared.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.schema.SchemaFields;
import dev.tandem.shared.spec.SpecReader;

/**
 * The {@code event} and {@code groupBy} sections: which fields are the event id and time (both
 * required by the current schema: every event needs them) and the group-by key fields.
 */
final class EventSection {

    private EventSection() {
    }

    /** @param currentSchema the current schema document, null if it could not be read */
    static EventFields event(SpecReader r, JsonNode root, JsonNode currentSchema) {
        JsonNode node = r.object(root, "", "event", true, "{id: orderId, time: createdAt}").orElse(null);
        if (node == null) {
            return null;
        }
        r.rejectUnknownKeys(node, "event", Set.of("id", "time", "timeUnit", "maxAhead"));
        FieldPath id = r.field(node, "event", "id", true, "orderId", Set.of("string", "integer"));
        FieldPath time = r.field(node, "event", "time", true, "createdAt", Set.of("string", "integer"));
        if (id != null && currentSchema != null && !SchemaFields.isRequired(currentSchema, id)) {
            r.problem("event.id", "'" + id + "' is not required by the current schema",
                    "add it to the schema's \"required\" list: every event needs an id");
        }
        if (time != null && currentSchema != null
                && SchemaFields.typesOf(currentSchema, time).map(t -> t.equals(Set.of("string"))).orElse(false)
                && !SchemaFields.formatOf(currentSchema, time).map("date-time"::equals).orElse(false)) {
            r.problem("event.time", "'" + time + "' is a plain string in the current schema, so any text would pass"
                    + " validation and fail as an event time", "declare it with \"format\": \"date-time\" (RFC 3339)");
        }
        if (time != null && currentSchema != null && !SchemaFields.isRequired(currentSchema, time)) {
            r.problem("event.time", "'" + time + "' is not required by the current schema",
                    "add it to the schema's \"required\" list: every event needs an event time");
        }
        EventFields.TimeUnit unit = EventFields.TimeUnit.MILLISECONDS;
        String unitText = r.text(node, "event", "timeUnit", false, "ms").orElse(null);
        if (unitText != null) {
            switch (unitText) {
                case "ms" -> unit = EventFields.TimeUnit.MILLISECONDS;
                case "s" -> unit = EventFields.TimeUnit.SECONDS;
                default -> r.problem("event.timeUnit", "'" + unitText + "' is not a unit of a whole-number event time",
                        "use ms (epoch milliseconds, the default) or s (epoch seconds)");
            }
        }
        java.time.Duration maxAhead = r.duration(node, "event", "maxAhead", false, false)
                .orElse(EventFields.DEFAULT_MAX_AHEAD);
        return id == null || time == null ? null : new EventFields(id, time, unit, maxAhead);
    }

    static List<FieldPath> groupBy(SpecReader r, JsonNode root) {
        JsonNode node = root.get("groupBy");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            r.problem("groupBy", "must be a list (was: " + SpecReader.show(node) + ")", "write e.g. groupBy: [storeId]");
            return List.of();
        }
        List<FieldPath> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            FieldPath f = r.fieldValue(node.get(i), "groupBy[" + i + "]", null);
            if (f != null && !seen.add(f.toString())) {
                r.problem("groupBy[" + i + "]", "'" + f + "' is listed twice", "list each field once");
            } else if (f != null) {
                fields.add(f);
            }
        }
        return fields;
    }
}
