package dev.tandem.shared.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.shared.spec.SpecReader;

/**
 * The {@code schemas} section of a pipeline file: the JSON Schema versions, oldest first, each file
 * read, checked against its meta-schema and for compatibility with the version before it.
 */
public final class SchemaSection {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SchemaSection() {
    }

    /**
     * The versions read.
     *
     * @param versions the valid versions, oldest first
     * @param current  the current schema document, or null when any version is invalid (field
     *                 references are then not checked, rather than checked against the wrong one)
     */
    public record Schemas(List<SchemaVersion> versions, JsonNode current) {
    }

    public static Schemas read(SpecReader r, JsonNode root, SchemaFiles files) {
        List<JsonNode> items = r.list(root, "", "schemas", true, "[{version: 1, file: orders.v1.schema.json}]")
                .orElse(List.of());
        List<SchemaVersion> versions = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < items.size(); i++) {
            String at = "schemas[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                r.problem(at, "must be a mapping (was: " + SpecReader.show(item) + ")",
                        "write e.g. {version: 1, file: orders.v1.schema.json}");
                continue;
            }
            r.rejectUnknownKeys(item, at, Set.of("version", "file"));
            JsonNode v = item.get("version");
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
                r.problem(at + ".version", v == null ? "is missing" : "'" + v.asText() + "' is not a version number",
                        "use a whole number of 1 or more, increasing down the list");
                continue;
            }
            if (v.intValue() <= previous) {
                r.problem(at + ".version", "'" + v.intValue() + "' does not follow version " + previous,
                        "list versions oldest first, each higher than the one before");
                continue;
            }
            previous = v.intValue();
            String fileName = r.text(item, at, "file", true, "orders.v" + v.intValue() + ".schema.json").orElse(null);
            if (fileName == null) {
                continue;
            }
            document(r, files, at + ".file", fileName)
                    .ifPresent(doc -> versions.add(new SchemaVersion(v.intValue(), fileName, doc)));
        }
        for (int i = 1; i < versions.size(); i++) {
            for (String problem : SchemaCompatibility.check(versions.get(i - 1), versions.get(i))) {
                r.problem("schemas[" + i + "].file", problem,
                        "keep required fields and their types; add new fields as optional");
            }
        }
        JsonNode current = !versions.isEmpty() && versions.size() == items.size()
                ? versions.get(versions.size() - 1).document() : null;
        return new Schemas(versions, current);
    }

    private static Optional<JsonNode> document(SpecReader r, SchemaFiles files, String at, String fileName) {
        Optional<byte[]> bytes;
        try {
            bytes = files.read(fileName);
        } catch (IOException e) {
            r.problem(at, "'" + fileName + "' cannot be read: " + e.getMessage(), "check the file's permissions");
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            r.problem(at, "'" + fileName + "' does not exist", "give a path relative to the pipeline file");
            return Optional.empty();
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(bytes.get());
        } catch (IOException e) {
            r.problem(at, "'" + fileName + "' is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
                    "fix the JSON Schema file");
            return Optional.empty();
        }
        if (doc == null || !doc.isObject() || !"object".equals(doc.path("type").asText())
                || !doc.path("properties").isObject()) {
            r.problem(at, "'" + fileName + "' does not describe a JSON object",
                    "give the schema \"type\": \"object\" and \"properties\"");
            return Optional.empty();
        }
        List<String> metaProblems = SchemaDocuments.metaSchemaViolations(doc);
        if (!metaProblems.isEmpty()) {
            r.problem(at, "'" + fileName + "' is not a valid JSON Schema: " + String.join("; ", metaProblems),
                    "fix it against the JSON Schema specification it declares ($schema, default 2020-12)");
            return Optional.empty();
        }
        return Optional.of(doc);
    }
}
