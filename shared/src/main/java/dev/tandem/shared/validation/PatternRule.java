package dev.tandem.shared.validation;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/** The field, when present, is text that matches the regular expression as a whole. */
public record PatternRule(String name, FieldPath field, Pattern pattern) implements QualityRule {

    public PatternRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public Optional<Violation> check(JsonNode payload) {
        JsonNode value = field.get(payload);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !pattern.matcher(value.textValue()).matches()) {
            return Optional.of(new Violation(name, field.toString(), value.toString(),
                    "does not match " + pattern.pattern()));
        }
        return Optional.empty();
    }
}
