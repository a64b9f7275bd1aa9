package dev.tandem.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * The benchmark input: the example {@code orders} pipeline and a seeded stream of its events —
 * 1000 stores, event times advancing with ±5 s disorder, 2% re-sent duplicates.
 */
final class BenchData {

    static final PipelineDefinition ORDERS = PipelineDefinitionLoader.loadResource("pipelines/orders.yaml");
    static final byte[] KEY = "benchmark masking key, at least 32 bytes".getBytes(StandardCharsets.UTF_8);
    static final long BASE = 1_764_000_000_000L;

    private BenchData() {
    }

    static RecordDecoder decoder() {
        return RecordDecoder.of(ORDERS, Masker.of(ORDERS.pii(), KEY));
    }

    /** {@code n} raw records of partition 0 in offset order. */
    static List<RawRecord> raw(int n, long seed) {
        Random random = new Random(seed);
        List<RawRecord> out = new ArrayList<>(n);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] value;
            if (random.nextInt(50) == 0 && !sent.isEmpty()) {
                value = sent.get(sent.size() - 1 - random.nextInt(Math.min(sent.size(), 100)));
            } else {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("orderId", "o-" + seed + "-" + i);
                o.put("createdAt", Instant.ofEpochMilli(BASE + i * 2L + random.nextInt(10_000) - 5_000).toString());
                o.put("storeId", "store-" + random.nextInt(1000));
                o.put("amount", BigDecimal.valueOf(100 + random.nextInt(100_000), 2));
                o.put("currency", "EUR");
                ObjectNode c = o.putObject("customer");
                c.put("id", "customer-" + random.nextInt(50_000));
                c.put("email", "someone" + i + "@example.com");
                value = o.toString().getBytes(StandardCharsets.UTF_8);
                sent.add(value);
            }
            out.add(new RawRecord(new SourceCoordinates("orders", 0, i), BASE + i, null, value, List.of()));
        }
        return out;
    }

    static List<Envelope> envelopes(List<RawRecord> raw) {
        RecordDecoder decoder = decoder();
        List<Envelope> out = new ArrayList<>(raw.size());
        for (RawRecord r : raw) {
            Decoded d = decoder.decode(r);
            if (!(d instanceof Decoded.Valid v)) {
                throw new IllegalStateException("Benchmark data is invalid: " + ((Decoded.Invalid) d).violations());
            }
            out.add(v.envelope());
        }
        return out;
    }
}
