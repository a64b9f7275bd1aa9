package dev.tandem.shared.validation;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/** The field, when present, is one of the listed values (compared as text). */
public record AllowedValuesRule(String name, FieldPath field, Set<String> allowed) implements QualityRule {

    public AllowedValuesRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        allowed = Set.copyOf(allowed);
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("Rule '" + name + "': the list of allowed values is empty");
        }
    }

    @Override
    public Optional<Violation> check(JsonNode payload) {
        JsonNode value = field.get(payload);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!allowed.contains(value.asText())) {
            return Optional.of(new Violation(name, field.toString(), value.toString(),
                    "is not one of " + new java.util.TreeSet<>(allowed)));
        }
        return Optional.empty();
    }
}
