package dev.tandem.shared.aggregate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tandem.shared.record.FieldPath;

/**
 * One aggregate of a pipeline, e.g. {@code revenue = sum(amount)}.
 *
 * @param name      the name of the value in results; unique within the pipeline
 * @param function  what to compute
 * @param field     the event field it reads; empty only for {@link AggregateFunction#COUNT}
 * @param quantiles for {@link AggregateFunction#QUANTILES}: the ranks to report, each in (0, 1)
 */
public record AggregateSpec(String name, AggregateFunction function, Optional<FieldPath> field,
        List<Double> quantiles) {

    public AggregateSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(field, "field");
        quantiles = List.copyOf(quantiles);
        if (function.needsField() && field.isEmpty()) {
            throw new IllegalArgumentException("Aggregate '" + name + "': " + function.id() + " needs a field");
        }
        if (function == AggregateFunction.QUANTILES
                && (quantiles.isEmpty() || quantiles.stream().anyMatch(q -> !(q > 0 && q < 1)))) {
            throw new IllegalArgumentException("Aggregate '" + name + "': quantiles must be ranks in (0, 1) (value was: "
                    + quantiles + ")");
        }
    }

    public static AggregateSpec count(String name) {
        return new AggregateSpec(name, AggregateFunction.COUNT, Optional.empty(), List.of());
    }

    public static AggregateSpec of(String name, AggregateFunction function, String field) {
        return new AggregateSpec(name, function, Optional.of(FieldPath.parse(field)), List.of());
    }

    public static AggregateSpec quantiles(String name, String field, List<Double> ranks) {
        return new AggregateSpec(name, AggregateFunction.QUANTILES, Optional.of(FieldPath.parse(field)), ranks);
    }
}
