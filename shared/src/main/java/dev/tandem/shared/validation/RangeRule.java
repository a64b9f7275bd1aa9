package dev.tandem.shared.validation;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/**
 * The field, when present, is a number within {@code [min, max]}; either bound may be absent.
 */
public record RangeRule(String name, FieldPath field, Optional<BigDecimal> min, Optional<BigDecimal> max)
        implements QualityRule {

    public RangeRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("Rule '" + name + "': a range needs min, max or both");
        }
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw new IllegalArgumentException("Rule '" + name + "': min " + min.get() + " is above max " + max.get());
        }
    }

    @Override
    public Optional<Violation> check(JsonNode payload) {
        JsonNode value = field.get(payload);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            return Optional.of(new Violation(name, field.toString(), value.toString(), "is not a number"));
        }
        BigDecimal d = value.isBigDecimal() || value.isIntegralNumber() ? value.decimalValue()
                : new BigDecimal(Double.toString(value.doubleValue()));
        if (min.isPresent() && d.compareTo(min.get()) < 0) {
            return Optional.of(new Violation(name, field.toString(), value.toString(),
                    "is below the minimum " + min.get().toPlainString()));
        }
        if (max.isPresent() && d.compareTo(max.get()) > 0) {
            return Optional.of(new Violation(name, field.toString(), value.toString(),
                    "is above the maximum " + max.get().toPlainString()));
        }
        return Optional.empty();
    }
}
