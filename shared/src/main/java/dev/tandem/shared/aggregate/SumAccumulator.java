package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Exact: the scale of a sum is the largest scale added, whatever the order. */
final class SumAccumulator implements Accumulator {

    private BigDecimal sum = BigDecimal.ZERO;

    @Override
    public void add(JsonNode value) {
        BigDecimal d = Decimals.of(value);
        if (d != null) {
            sum = sum.add(d);
        }
    }

    @Override
    public void merge(Accumulator other) {
        sum = sum.add(((SumAccumulator) other).sum);
    }

    @Override
    public Accumulator copy() {
        SumAccumulator c = new SumAccumulator();
        c.sum = sum;
        return c;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        Decimals.write(out, sum);
    }

    static SumAccumulator read(DataInput in) throws IOException {
        SumAccumulator c = new SumAccumulator();
        c.sum = Decimals.read(in);
        return c;
    }

    @Override
    public JsonNode result(JsonNodeFactory json) {
        return json.textNode(sum.toPlainString());
    }
}
