package dev.tandem.shared.aggregate;

import java.io.DataOutput;
import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The mutable state of one aggregate for one (window, group). Implementations keep the monoid
 * laws and write a canonical form: equal states, equal bytes.
 */
sealed interface Accumulator permits CountAccumulator, SumAccumulator, ExtremeAccumulator, AvgAccumulator,
        DistinctAccumulator, QuantilesAccumulator {

    /** Adds the value an event has at the aggregate's field (missing for count). */
    void add(JsonNode value);

    /** Adds everything {@code other} has seen; {@code other} is of the same kind and unchanged. */
    void merge(Accumulator other);

    Accumulator copy();

    void write(DataOutput out) throws IOException;

    /** The value reported in results. */
    JsonNode result(JsonNodeFactory json);
}
