package dev.tandem.shared.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/**
 * Checks that a newer schema version can still describe what producers of the older one send,
 * and that consumers relying on the older one's required fields still get them.
 *
 * <p>Allowed: adding an optional field; making a required field optional only if it stays
 * declared with the same types. Reported: removing a field that was required, changing the type
 * of a field that was required, requiring a field the older version did not require (events
 * written before the change lack it).
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {
    }

    /** The incompatibilities between {@code older} and {@code newer}; empty if compatible. */
    public static List<String> check(SchemaVersion older, SchemaVersion newer) {
        List<String> problems = new ArrayList<>();
        Map<FieldPath, JsonNode> oldFields = SchemaFields.allProperties(older.document());
        Map<FieldPath, JsonNode> newFields = SchemaFields.allProperties(newer.document());
        for (Map.Entry<FieldPath, JsonNode> e : oldFields.entrySet()) {
            FieldPath field = e.getKey();
            if (!SchemaFields.isRequired(older.document(), field)) {
                continue;
            }
            JsonNode now = newFields.get(field);
            if (now == null) {
                problems.add("version " + newer.version() + " removes the field '" + field + "' that version "
                        + older.version() + " requires");
                continue;
            }
            Set<String> oldTypes = SchemaFields.types(e.getValue());
            Set<String> newTypes = SchemaFields.types(now);
            if (!newTypes.isEmpty() && !newTypes.containsAll(oldTypes)) {
                problems.add("version " + newer.version() + " retypes the required field '" + field + "' from "
                        + oldTypes + " to " + newTypes);
            }
        }
        for (FieldPath field : newFields.keySet()) {
            if (SchemaFields.isRequired(newer.document(), field) && !SchemaFields.isRequired(older.document(), field)) {
                problems.add("version " + newer.version() + " requires the field '" + field + "' that version "
                        + older.version() + " does not require; events written before it lack it, so make it optional");
            }
        }
        return problems;
    }
}
