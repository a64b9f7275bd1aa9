package dev.tandem.shared.validation;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/** The field is present, not null and, if text, not blank — for fields the schema leaves optional. */
public record RequiredRule(String name, FieldPath field) implements QualityRule {

    public RequiredRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
    }

    @Override
    public Optional<Violation> check(JsonNode payload) {
        JsonNode value = field.get(payload);
        if (value.isMissingNode() || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            return Optional.of(new Violation(name, field.toString(), value.isMissingNode() ? "" : value.toString(),
                    "is required"));
        }
        return Optional.empty();
    }
}
