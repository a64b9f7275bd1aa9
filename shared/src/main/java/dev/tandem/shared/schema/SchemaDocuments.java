package dev.tandem.shared.schema;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;

/** Checks a schema document against the meta-schema of the draft it declares (2020-12 if none). */
final class SchemaDocuments {

    private SchemaDocuments() {
    }

    static List<String> metaSchemaViolations(JsonNode document) {
        SpecVersion.VersionFlag flag;
        try {
            flag = SpecVersionDetector.detectOptionalVersion(document, false).orElse(SpecVersion.VersionFlag.V202012);
        } catch (RuntimeException e) {
            return List.of("unknown $schema " + document.path("$schema").asText());
        }
        JsonSchema meta = JsonSchemaFactory.getInstance(flag).getSchema(SchemaLocation.of(flag.getId()));
        Set<ValidationMessage> messages = meta.validate(document);
        return messages.stream().map(ValidationMessage::getMessage).sorted().limit(5).toList();
    }
}
