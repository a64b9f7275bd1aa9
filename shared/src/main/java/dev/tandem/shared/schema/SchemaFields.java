package dev.tandem.shared.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/**
 * What a JSON Schema document declares about the fields of an object: their JSON types and
 * whether they are required. Only {@code properties}, {@code required} and {@code type} are
 * read; that is what the pipeline definition refers to.
 */
public final class SchemaFields {

    private SchemaFields() {
    }

    /** The declared JSON types of the field ({@code "string"}, {@code "number"}, ...); empty if undeclared. */
    public static Optional<Set<String>> typesOf(JsonNode schema, FieldPath field) {
        JsonNode node = schema;
        for (String segment : field.segments()) {
            node = node.path("properties").path(segment);
            if (node.isMissingNode()) {
                return Optional.empty();
            }
        }
        return Optional.of(types(node));
    }

    /** The field's declared {@code format} ({@code "date-time"}, ...); empty if none or undeclared. */
    public static Optional<String> formatOf(JsonNode schema, FieldPath field) {
        JsonNode node = schema;
        for (String segment : field.segments()) {
            node = node.path("properties").path(segment);
            if (node.isMissingNode()) {
                return Optional.empty();
            }
        }
        return node.path("format").isTextual() ? Optional.of(node.path("format").asText()) : Optional.empty();
    }

    /** Whether every segment of the path is in its object's {@code required} list. */
    public static boolean isRequired(JsonNode schema, FieldPath field) {
        JsonNode node = schema;
        for (String segment : field.segments()) {
            if (!requiredNames(node).contains(segment)) {
                return false;
            }
            node = node.path("properties").path(segment);
        }
        return true;
    }

    /** Every declared property, nested ones as dotted paths, in document order. */
    static Map<FieldPath, JsonNode> allProperties(JsonNode schema) {
        Map<FieldPath, JsonNode> out = new LinkedHashMap<>();
        collect(schema, "", out);
        return out;
    }

    static Set<String> requiredNames(JsonNode objectSchema) {
        Set<String> names = new TreeSet<>();
        objectSchema.path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    static Set<String> types(JsonNode propertySchema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = propertySchema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        // JSON Schema: every integer is a number.
        if (types.contains("integer")) {
            types.add("number");
        }
        return types;
    }

    private static void collect(JsonNode schema, String prefix, Map<FieldPath, JsonNode> out) {
        schema.path("properties").fields().forEachRemaining(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.put(FieldPath.parse(path), e.getValue());
            collect(e.getValue(), path, out);
        });
    }
}
