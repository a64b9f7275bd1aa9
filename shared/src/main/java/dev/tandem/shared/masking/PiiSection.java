package dev.tandem.shared.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.spec.SpecReader;

/**
 * The {@code pii} section of a pipeline file: fields to mask and how. The event time cannot be
 * masked; the event id and group-by fields can only be masked with a keyed hash, which keeps equal
 * values equal (redacting them would make every event a duplicate, or merge all groups).
 */
public final class PiiSection {

    private PiiSection() {
    }

    /**
     * The fields to mask that are valid; problems with the others are reported.
     *
     * @param eventId   the event id field, null if the event section is invalid
     * @param eventTime the event time field, null if the event section is invalid
     * @param groupBy   the group-by fields
     */
    public static List<PiiField> read(SpecReader r, JsonNode root, FieldPath eventId, FieldPath eventTime,
            List<FieldPath> groupBy) {
        List<JsonNode> items = r.list(root, "", "pii", false, "[{field: customer.email, mask: hmac}]")
                .orElse(List.of());
        List<PiiField> out = new ArrayList<>();
        r.eachMapping(items, "pii", "{field: customer.email, mask: hmac}",
                (at, item) -> readItem(r, at, item, eventId, eventTime, groupBy, out));
        return out;
    }

    private static void readItem(SpecReader r, String at, JsonNode item,
            FieldPath eventId, FieldPath eventTime, List<FieldPath> groupBy, List<PiiField> out) {
        r.rejectUnknownKeys(item, at, Set.of("field", "mask"));
        FieldPath field = r.field(item, at, "field", true, "customer.email", null);
        MaskMethod mask = method(r, item, at);
        if (field == null || mask == null) {
            return;
        }
        if (field.equals(eventTime)) {
            r.problem(at + ".field", "'" + field + "' is the event time, which cannot be masked",
                    "keep the event time out of pii");
            return;
        }
        if (mask == MaskMethod.REDACT && field.equals(eventId)) {
            r.problem(at + ".mask", "redacting the event id '" + field + "' makes every event a duplicate",
                    "use mask: hmac");
            return;
        }
        if (mask == MaskMethod.REDACT && groupBy.contains(field)) {
            r.problem(at + ".mask", "redacting the group-by field '" + field + "' merges all groups",
                    "use mask: hmac");
            return;
        }
        out.add(new PiiField(field, mask));
    }

    private static MaskMethod method(SpecReader r, JsonNode item, String at) {
        String text = r.text(item, at, "mask", true, "hmac").orElse(null);
        if (text == null) {
            return null;
        }
        try {
            return MaskMethod.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            r.problem(at + ".mask", "'" + text + "' is not a masking method", "use hmac or redact");
            return null;
        }
    }
}
