package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Approximate distinct count with a Theta sketch. The canonical form is the union's ordered
 * compact result: it keeps the {@value #NOMINAL_ENTRIES} smallest hashes of all values seen,
 * which is a function of the set of values alone, not of the order they came in.
 */
final class DistinctAccumulator implements Accumulator {

    static final int NOMINAL_ENTRIES = 4096;

    private final Union union = newUnion();

    private static Union newUnion() {
        return SetOperation.builder().setNominalEntries(NOMINAL_ENTRIES).buildUnion();
    }

    @Override
    public void add(JsonNode value) {
        String key = canonical(value);
        if (key != null) {
            union.update(key);
        }
    }

    /**
     * Text as is; numbers by value (1.0 and 1 are the same value) and other JSON behind a NUL
     * prefix no text value has in practice; null and missing are not values.
     */
    static String canonical(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal d = Decimals.of(value);
            return "\u0000n:" + (d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return "\u0000j:" + value;
    }

    @Override
    public void merge(Accumulator other) {
        union.union(((DistinctAccumulator) other).union.getResult());
    }

    @Override
    public Accumulator copy() {
        DistinctAccumulator c = new DistinctAccumulator();
        c.union.union(union.getResult());
        return c;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        byte[] bytes = union.getResult(true, null).toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static DistinctAccumulator read(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("Corrupt distinct sketch: " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        DistinctAccumulator c = new DistinctAccumulator();
        c.union.union(CompactSketch.heapify(Memory.wrap(bytes)));
        return c;
    }

    @Override
    public JsonNode result(JsonNodeFactory json) {
        return json.numberNode(Math.round(union.getResult().getEstimate()));
    }
}
