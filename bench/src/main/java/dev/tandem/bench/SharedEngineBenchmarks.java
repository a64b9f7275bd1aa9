package dev.tandem.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;

/**
 * Records per second on one thread (one core) for the shared engine's hot paths, and the
 * hand-written floor they are compared with. Each invocation handles {@value #BATCH} records.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SharedEngineBenchmarks {

    static final int BATCH = 20_000;

    @State(Scope.Benchmark)
    public static class Input {
        List<RawRecord> raw;
        List<Envelope> envelopes;
        RecordDecoder decoder;
        StateLayout layout;
        ObjectMapper jackson;

        @Setup(Level.Trial)
        public void setUp() {
            raw = BenchData.raw(BATCH, 42);
            envelopes = BenchData.envelopes(raw);
            decoder = BenchData.decoder();
            layout = StateLayout.of(BenchData.ORDERS);
            jackson = new ObjectMapper();
        }
    }

    /** JSON decode + JSON Schema validation + rules + masking: what every record goes through first. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeAndValidate(Input in, Blackhole bh) {
        for (RawRecord r : in.raw) {
            bh.consume(in.decoder.decode(r));
        }
    }

    /**
     * Jackson's streaming parse alone over every token (duplicate-key check on, strings and decimals
     * made): the floor of decoding without a tree. Beside {@link #jsonTreeOnly} it says what the tree
     * itself costs.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jsonTokensOnly(Input in, Blackhole bh) throws IOException {
        for (RawRecord r : in.raw) {
            try (com.fasterxml.jackson.core.JsonParser p = dev.tandem.shared.record.Json.mapper().createParser(r.value())) {
                for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                        bh.consume(p.getText());
                    } else if (t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
                        bh.consume(p.getDecimalValue());
                    }
                }
            }
        }
    }

    /** Jackson's tree of each payload alone (the decoder's mapper: duplicate-key check, exact decimals). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jsonTreeOnly(Input in, Blackhole bh) throws IOException {
        for (RawRecord r : in.raw) {
            bh.consume(dev.tandem.shared.record.Json.mapper().readTree(r.value()));
        }
    }

    /** Dedupe + the orders pipeline's 7 aggregates (exact decimals, Theta, DDSketch) on decoded records. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fold(Input in, Blackhole bh) {
        PartitionState state = PartitionState.empty(in.layout, 0);
        bh.consume(state.fold(in.envelopes, FoldMode.EXCLUDE_LATE));
        bh.consume(state);
    }

    /**
     * Landing: the batch's envelopes written as segments of at most 1,024 lines (one member each,
     * on this thread), NDJSON compressed with the codec.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeSegments(Input in, Codec codec, Blackhole bh) {
        for (int i = 0; i < in.envelopes.size(); i += 1024) {
            bh.consume(dev.tandem.shared.storage.RawSegment.write(
                    in.envelopes.subList(i, Math.min(i + 1024, in.envelopes.size())), codec.codec));
        }
    }

    @State(Scope.Benchmark)
    public static class Codec {
        @org.openjdk.jmh.annotations.Param({"GZIP", "ZSTD"})
        dev.tandem.shared.definition.SegmentCodec codec;
    }

    /** Decode, validate and fold: the whole per-record path of a micro-batch. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodeValidateAndFold(Input in, Blackhole bh) {
        PartitionState state = PartitionState.empty(in.layout, 0);
        List<Envelope> batch = new java.util.ArrayList<>(BATCH);
        for (RawRecord r : in.raw) {
            if (in.decoder.decode(r) instanceof dev.tandem.shared.decode.Decoded.Valid v) {
                batch.add(v.envelope());
            }
        }
        bh.consume(state.fold(batch, FoldMode.EXCLUDE_LATE));
    }

    /** The floor: Jackson parses the same JSON, and a HashMap sums the amount per store. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineJacksonHashMapSum(Input in, Blackhole bh) throws IOException {
        Map<String, double[]> sums = new HashMap<>();
        for (RawRecord r : in.raw) {
            JsonNode o = in.jackson.readTree(r.value());
            sums.computeIfAbsent(o.get("storeId").asText(), k -> new double[1])[0] += o.get("amount").asDouble();
        }
        bh.consume(sums);
    }
}
