package dev.tandem.shared.testing;

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

/** Seeded streams of events for the example {@code orders} pipeline. */
public final class OrderEvents {

    public static final PipelineDefinition ORDERS = PipelineDefinitionLoader.loadResource("pipelines/orders.yaml");
    public static final byte[] KEY = "test-only masking key, 32+ bytes long!".getBytes(StandardCharsets.UTF_8);
    public static final RecordDecoder DECODER = RecordDecoder.of(ORDERS, Masker.of(ORDERS.pii(), KEY));

    private OrderEvents() {
    }

    public static ObjectNode order(String id, Instant time, String store, BigDecimal amount, String customer) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("orderId", id);
        o.put("createdAt", time.toString());
        o.put("storeId", store);
        o.put("amount", amount);
        o.put("currency", "EUR");
        ObjectNode c = o.putObject("customer");
        c.put("id", customer);
        c.put("email", customer + "@example.com");
        return o;
    }

    public static RawRecord raw(String topic, int partition, long offset, ObjectNode payload) {
        return new RawRecord(new SourceCoordinates(topic, partition, offset), 0L, null,
                payload.toString().getBytes(StandardCharsets.UTF_8), List.of());
    }

    public static Envelope envelope(int partition, long offset, ObjectNode payload) {
        Decoded d = DECODER.decode(raw("orders", partition, offset, payload));
        if (d instanceof Decoded.Valid v) {
            return v.envelope();
        }
        throw new IllegalStateException("Generated an invalid event: " + ((Decoded.Invalid) d).violations());
    }

    /**
     * One partition's stream in offset order: event times advance with some disorder, a share of
     * duplicates (same id re-sent, same content) and of late events far behind.
     */
    public static List<Envelope> stream(Random random, int partition, int n, double duplicateShare, double lateShare) {
        List<Envelope> out = new ArrayList<>(n);
        List<ObjectNode> sent = new ArrayList<>();
        long base = 1_764_000_000_000L;
        for (int i = 0; i < n; i++) {
            ObjectNode payload;
            double roll = random.nextDouble();
            if (roll < duplicateShare && !sent.isEmpty()) {
                payload = sent.get(Math.max(0, sent.size() - 1 - random.nextInt(Math.min(sent.size(), 50))));
            } else {
                long t = base + i * 40L + random.nextInt(15_000) - 7_500;
                if (roll > 1 - lateShare) {
                    t -= 120_000 + random.nextInt(60_000);
                }
                payload = order("p" + partition + "-o" + i, Instant.ofEpochMilli(t), "store-" + random.nextInt(7),
                        BigDecimal.valueOf(1 + random.nextInt(50_000), 2), "c" + random.nextInt(400));
                sent.add(payload);
            }
            out.add(envelope(partition, i, payload));
        }
        return out;
    }
}
