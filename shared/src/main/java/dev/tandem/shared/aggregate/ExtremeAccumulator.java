package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Min or max; of numerically equal values the larger scale wins, so 1.0 vs 1.00 never depends on order. */
final class ExtremeAccumulator implements Accumulator {

    private final boolean max;
    private BigDecimal value;

    ExtremeAccumulator(boolean max) {
        this.max = max;
    }

    @Override
    public void add(JsonNode node) {
        offer(Decimals.of(node));
    }

    private void offer(BigDecimal d) {
        if (d == null) {
            return;
        }
        value = value == null ? d : max ? Decimals.canonicalMax(value, d) : Decimals.canonicalMin(value, d);
    }

    @Override
    public void merge(Accumulator other) {
        offer(((ExtremeAccumulator) other).value);
    }

    @Override
    public Accumulator copy() {
        ExtremeAccumulator c = new ExtremeAccumulator(max);
        c.value = value;
        return c;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            Decimals.write(out, value);
        }
    }

    static ExtremeAccumulator read(DataInput in, boolean max) throws IOException {
        ExtremeAccumulator c = new ExtremeAccumulator(max);
        if (in.readBoolean()) {
            c.value = Decimals.read(in);
        }
        return c;
    }

    @Override
    public JsonNode result(JsonNodeFactory json) {
        return value == null ? json.nullNode() : json.textNode(value.toPlainString());
    }
}
