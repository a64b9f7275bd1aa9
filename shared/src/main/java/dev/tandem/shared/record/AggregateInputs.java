package dev.tandem.shared.record;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values an event gives its aggregates, read from its payload where it was parsed (by the
 * aggregation's {@code inputs}): one per distinct aggregated field, in the order of {@code fields}.
 * Only an aggregation reading the same fields uses them; any other reads the payload.
 *
 * @param fields the fields read, in order
 * @param values each field's value ({@code MissingNode} where the payload lacks it); never mutated
 */
public record AggregateInputs(List<FieldPath> fields, JsonNode[] values) {

    public AggregateInputs {
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(values, "values");
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("Expected " + fields.size() + " values (value was: " + values.length + ")");
        }
    }

    /** Whether these are the values of {@code fields}, in that order. */
    public boolean readBy(List<FieldPath> fields) {
        return this.fields == fields || this.fields.equals(fields);
    }
}
