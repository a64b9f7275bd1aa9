package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Keeps the exact sum and count; the mean is divided only when read, with 6 more decimals than the sum. */
final class AvgAccumulator implements Accumulator {

    static final int EXTRA_SCALE = 6;

    private BigDecimal sum = BigDecimal.ZERO;
    private long count;

    @Override
    public void add(JsonNode value) {
        BigDecimal d = Decimals.of(value);
        if (d != null) {
            sum = sum.add(d);
            count++;
        }
    }

    @Override
    public void merge(Accumulator other) {
        AvgAccumulator o = (AvgAccumulator) other;
        sum = sum.add(o.sum);
        count += o.count;
    }

    @Override
    public Accumulator copy() {
        AvgAccumulator c = new AvgAccumulator();
        c.sum = sum;
        c.count = count;
        return c;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        Decimals.write(out, sum);
        out.writeLong(count);
    }

    static AvgAccumulator read(DataInput in) throws IOException {
        AvgAccumulator c = new AvgAccumulator();
        c.sum = Decimals.read(in);
        c.count = in.readLong();
        return c;
    }

    @Override
    public JsonNode result(JsonNodeFactory json) {
        if (count == 0) {
            return json.nullNode();
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(count), sum.scale() + EXTRA_SCALE, RoundingMode.HALF_EVEN);
        return json.textNode(mean.toPlainString());
    }
}
