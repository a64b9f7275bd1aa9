package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Approximate quantiles with a DDSketch (1% relative accuracy). A DDSketch is a histogram over
 * logarithmic buckets: adding and merging only add bucket counts, so the buckets depend on the
 * multiset of values alone. The canonical form is the zero count and the non-empty buckets in
 * ascending index order; results are always read from that form.
 */
final class QuantilesAccumulator implements Accumulator {

    static final double RELATIVE_ACCURACY = 0.01;
    private static final java.math.MathContext REPORTED_DIGITS = new java.math.MathContext(10);

    private final List<Double> ranks;
    private final DDSketch sketch;

    QuantilesAccumulator(List<Double> ranks) {
        this(ranks, DDSketches.unboundedDense(RELATIVE_ACCURACY));
    }

    private QuantilesAccumulator(List<Double> ranks, DDSketch sketch) {
        this.ranks = ranks;
        this.sketch = sketch;
    }

    @Override
    public void add(JsonNode value) {
        BigDecimal d = Decimals.of(value);
        if (d != null) {
            sketch.accept(d.doubleValue());
        }
    }

    @Override
    public void merge(Accumulator other) {
        sketch.mergeWith(((QuantilesAccumulator) other).sketch);
    }

    @Override
    public Accumulator copy() {
        return new QuantilesAccumulator(ranks, sketch.copy());
    }

    @Override
    public void write(DataOutput out) throws IOException {
        double total = sketch.getCount();
        double inStores = sketch.getPositiveValueStore().getTotalCount() + sketch.getNegativeValueStore().getTotalCount();
        out.writeLong(Math.round(total - inStores));
        writeStore(out, sketch.getPositiveValueStore());
        writeStore(out, sketch.getNegativeValueStore());
    }

    private static void writeStore(DataOutput out, Store store) throws IOException {
        List<Bin> bins = new ArrayList<>();
        for (Iterator<Bin> it = store.getAscendingIterator(); it.hasNext();) {
            Bin bin = it.next();
            if (bin.getCount() > 0) {
                bins.add(bin);
            }
        }
        out.writeInt(bins.size());
        for (Bin bin : bins) {
            out.writeInt(bin.getIndex());
            out.writeLong(Math.round(bin.getCount()));
        }
    }

    static QuantilesAccumulator read(DataInput in, List<Double> ranks) throws IOException {
        DDSketch sketch = DDSketches.unboundedDense(RELATIVE_ACCURACY);
        long zeros = in.readLong();
        if (zeros > 0) {
            sketch.accept(0.0, zeros);
        }
        readStore(in, sketch.getPositiveValueStore());
        readStore(in, sketch.getNegativeValueStore());
        return new QuantilesAccumulator(ranks, sketch);
    }

    private static void readStore(DataInput in, Store store) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("Corrupt quantiles sketch: " + n + " buckets");
        }
        for (int i = 0; i < n; i++) {
            store.add(in.readInt(), (double) in.readLong());
        }
    }

    /** {@code {"p50": 12.3, "p99": 98.1}}, read from the canonical form so a restored state reports the same. */
    @Override
    public JsonNode result(JsonNodeFactory json) {
        ObjectNode out = json.objectNode();
        DDSketch canonical = canonicalCopy();
        for (double rank : ranks) {
            String name = "p" + BigDecimal.valueOf(rank * 100).stripTrailingZeros().toPlainString();
            if (canonical.isEmpty()) {
                out.putNull(name);
            } else {
                // Ten significant digits: far below the sketch's 1% error, and exact as JSON text.
                out.put(name, new BigDecimal(canonical.getValueAtQuantile(rank), REPORTED_DIGITS));
            }
        }
        return out;
    }

    private DDSketch canonicalCopy() {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            write(new java.io.DataOutputStream(bytes));
            return read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), ranks).sketch;
        } catch (IOException e) {
            throw new IllegalStateException("In-memory copy of a quantiles sketch failed", e);
        }
    }
}
