package dev.tandem.shared.aggregate;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The aggregate states of one (window, group): mutable while a batch folds into it, merged
 * with other rows of the same {@link Aggregation}, written in canonical form.
 */
public final class AggregateRow {

    private final Aggregation aggregation;
    private final Accumulator[] accumulators;

    AggregateRow(Aggregation aggregation, Accumulator[] accumulators) {
        this.aggregation = aggregation;
        this.accumulators = accumulators;
    }

    Accumulator[] accumulators() {
        return accumulators;
    }

    /** Adds everything {@code other} holds; {@code other} is unchanged. */
    public void merge(AggregateRow other) {
        if (other.aggregation != aggregation) {
            throw new IllegalArgumentException("Cannot merge rows of different aggregations");
        }
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].merge(other.accumulators[i]);
        }
    }

    public AggregateRow copy() {
        return new AggregateRow(aggregation, Arrays.stream(accumulators).map(Accumulator::copy).toArray(Accumulator[]::new));
    }

    /** Writes the canonical form; {@link Aggregation#readRow} reads it back. */
    public void writeTo(DataOutput out) throws IOException {
        for (Accumulator a : accumulators) {
            a.write(out);
        }
    }

    /** The canonical form: equal states give equal bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The reported values, by aggregate name in definition order. */
    public ObjectNode values() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode out = json.objectNode();
        for (int i = 0; i < accumulators.length; i++) {
            out.set(aggregation.specs().get(i).name(), accumulators[i].result(json));
        }
        return out;
    }
}
