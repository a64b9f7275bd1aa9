package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.tandem.shared.record.AggregateInputs;
import dev.tandem.shared.record.FieldPath;

/** The aggregates of a pipeline: makes, fills and reads {@link AggregateRow}s. */
public final class Aggregation {

    private final List<AggregateSpec> specs;
    /** The distinct fields the aggregates read, and for each aggregate the index of its field (-1: none). */
    private final List<FieldPath> fields;
    private final int[] fieldOf;

    private Aggregation(List<AggregateSpec> specs) {
        this.specs = List.copyOf(specs);
        Set<String> names = new HashSet<>();
        for (AggregateSpec spec : this.specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("Duplicate aggregate name '" + spec.name() + "'");
            }
        }
        List<FieldPath> distinct = this.specs.stream().map(s -> s.field().orElse(null)).filter(f -> f != null)
                .distinct().toList();
        this.fields = distinct;
        this.fieldOf = this.specs.stream().mapToInt(s -> s.field().map(distinct::indexOf).orElse(-1)).toArray();
    }

    public static Aggregation of(List<AggregateSpec> specs) {
        return new Aggregation(specs);
    }

    public List<AggregateSpec> specs() {
        return specs;
    }

    /**
     * The payload's top-level properties the aggregates read (the first name of each field path):
     * nothing else of a payload reaches them.
     */
    public Set<String> payloadProperties() {
        return fields.stream().map(f -> f.segments().get(0)).collect(Collectors.toUnmodifiableSet());
    }

    /** An empty row: the monoid's identity. */
    public AggregateRow newRow() {
        Accumulator[] accumulators = new Accumulator[specs.size()];
        for (int i = 0; i < accumulators.length; i++) {
            AggregateSpec spec = specs.get(i);
            accumulators[i] = switch (spec.function()) {
                case COUNT -> new CountAccumulator();
                case SUM -> new SumAccumulator();
                case MIN -> new ExtremeAccumulator(false);
                case MAX -> new ExtremeAccumulator(true);
                case AVG -> new AvgAccumulator();
                case DISTINCT -> new DistinctAccumulator();
                case QUANTILES -> new QuantilesAccumulator(spec.quantiles());
            };
        }
        return new AggregateRow(this, accumulators);
    }

    /** Adds one event's payload to {@code row}. */
    public void add(AggregateRow row, JsonNode payload) {
        add(row, values(payload));
    }

    /**
     * What the aggregates read of a payload, taken where it was parsed: a fold reads the values
     * from here instead of looking them up in a tree that has long left the CPU's caches.
     */
    public AggregateInputs inputs(JsonNode payload) {
        return new AggregateInputs(fields, values(payload));
    }

    /** Adds one event to {@code row}: its {@code inputs} if this aggregation took them, else its payload's values. */
    public void add(AggregateRow row, AggregateInputs inputs, JsonNode payload) {
        add(row, inputs != null && inputs.readBy(fields) ? inputs.values() : values(payload));
    }

    private JsonNode[] values(JsonNode payload) {
        JsonNode[] values = new JsonNode[fields.size()];
        for (int f = 0; f < values.length; f++) {
            values[f] = fields.get(f).get(payload);
        }
        return values;
    }

    private void add(AggregateRow row, JsonNode[] values) {
        Accumulator[] accumulators = row.accumulators();
        for (int i = 0; i < accumulators.length; i++) {
            int f = fieldOf[i];
            accumulators[i].add(f < 0 ? MissingNode.getInstance() : values[f]);
        }
    }

    /** Reads a row written by {@link AggregateRow#writeTo}. */
    public AggregateRow readRow(DataInput in) throws IOException {
        Accumulator[] accumulators = new Accumulator[specs.size()];
        for (int i = 0; i < accumulators.length; i++) {
            AggregateSpec spec = specs.get(i);
            accumulators[i] = switch (spec.function()) {
                case COUNT -> CountAccumulator.read(in);
                case SUM -> SumAccumulator.read(in);
                case MIN -> ExtremeAccumulator.read(in, false);
                case MAX -> ExtremeAccumulator.read(in, true);
                case AVG -> AvgAccumulator.read(in);
                case DISTINCT -> DistinctAccumulator.read(in);
                case QUANTILES -> QuantilesAccumulator.read(in, spec.quantiles());
            };
        }
        return new AggregateRow(this, accumulators);
    }
}
