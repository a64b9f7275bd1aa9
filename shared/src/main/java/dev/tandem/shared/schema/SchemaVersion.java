package dev.tandem.shared.schema;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version of a pipeline's event schema.
 *
 * @param version  a positive number; versions of a pipeline increase
 * @param file     where it was read from, as written in the definition (for messages and lineage)
 * @param document the JSON Schema document; never mutated
 */
public record SchemaVersion(int version, String file, JsonNode document) {

    public SchemaVersion {
        if (version < 1) {
            throw new IllegalArgumentException("Invalid schema version (value was: " + version + "): use 1 or more");
        }
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(document, "document");
    }
}
