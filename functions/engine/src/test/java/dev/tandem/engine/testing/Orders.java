package dev.tandem.engine.testing;

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
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * Seeded streams of the example {@code orders} pipeline as they arrive from a source partition:
 * event times advancing with disorder, a share re-sent (same id, same bytes), a share late by
 * minutes, a share invalid (negative amount, unknown currency, not JSON).
 */
public final class Orders {

    public static final PipelineDefinition PIPELINE = PipelineDefinitionLoader.loadResource("pipelines/orders.yaml");
    public static final byte[] MASKING_KEY = "engine-test masking key, 32+ bytes long".getBytes(StandardCharsets.UTF_8);
    /** 2026-11-25T00:00:00Z: every stream starts here in event time. */
    public static final long BASE_MS = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

    private Orders() {
    }

    /** The orders pipeline whose live path leaves a backlog older than {@code after} to a backfill. */
    public static PipelineDefinition backfillingAfter(java.time.Duration after) {
        PipelineDefinition d = PIPELINE;
        dev.tandem.shared.definition.FreshnessObjective f = d.freshness();
        return new PipelineDefinition(d.name(), d.description(), d.source(), d.schemas(), d.event(), d.groupBy(),
                d.window(), d.allowedLateness(), d.dedupeHorizon(), d.idlePartitionTimeout(), d.aggregates(), d.rules(),
                d.pii(), d.retention(), new dev.tandem.shared.definition.FreshnessObjective(f.latency(), f.target(),
                        f.pacing(), java.util.Optional.of(after)), d.landingCodec());
    }

    /** The orders pipeline landing its segments with {@code codec}. */
    public static PipelineDefinition landing(dev.tandem.shared.definition.SegmentCodec codec) {
        PipelineDefinition d = PIPELINE;
        return new PipelineDefinition(d.name(), d.description(), d.source(), d.schemas(), d.event(), d.groupBy(),
                d.window(), d.allowedLateness(), d.dedupeHorizon(), d.idlePartitionTimeout(), d.aggregates(), d.rules(),
                d.pii(), d.retention(), d.freshness(), codec);
    }

    public static RecordDecoder decoder() {
        return RecordDecoder.of(PIPELINE, Masker.of(PIPELINE.pii(), MASKING_KEY));
    }

    public static ObjectNode order(String id, long timeMs, String store, BigDecimal amount, String customer) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("orderId", id);
        o.put("createdAt", Instant.ofEpochMilli(timeMs).toString());
        o.put("storeId", store);
        o.put("amount", amount);
        o.put("currency", "EUR");
        ObjectNode c = o.putObject("customer");
        c.put("id", customer);
        c.put("email", customer + "@example.com");
        return o;
    }

    public static RawRecord raw(int partition, long offset, byte[] value) {
        return new RawRecord(new SourceCoordinates(PIPELINE.source().topic(), partition, offset), BASE_MS + offset, null,
                value, List.of());
    }

    /**
     * {@code n} records of one partition from offset {@code firstOffset}, spaced {@code stepMs} apart in
     * event time on average.
     */
    public static List<RawRecord> stream(long seed, int partition, long firstOffset, int n, long stepMs,
            double duplicates, double late, double invalid) {
        Random random = new Random(seed * 31 + partition);
        List<RawRecord> out = new ArrayList<>(n);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long offset = firstOffset + i;
            double roll = random.nextDouble();
            byte[] value;
            if (roll < duplicates && !sent.isEmpty()) {
                value = sent.get(Math.max(0, sent.size() - 1 - random.nextInt(Math.min(sent.size(), 30))));
            } else if (roll < duplicates + invalid) {
                value = invalid(random, partition, offset);
            } else {
                long t = BASE_MS + offset * stepMs + random.nextInt((int) Math.max(1, stepMs * 20)) - stepMs * 10;
                if (roll > 1 - late) {
                    t -= 150_000 + random.nextInt(60_000);
                }
                value = order("p" + partition + "-o" + offset, t, "store-" + random.nextInt(5),
                        BigDecimal.valueOf(1 + random.nextInt(50_000), 2), "c" + random.nextInt(200)).toString()
                        .getBytes(StandardCharsets.UTF_8);
                sent.add(value);
            }
            out.add(raw(partition, offset, value));
        }
        return out;
    }

    private static byte[] invalid(Random random, int partition, long offset) {
        long t = BASE_MS + offset * 100;
        String text = switch (random.nextInt(3)) {
            case 0 -> order("p" + partition + "-bad" + offset, t, "store-1", new BigDecimal("-5.00"), "c1").toString();
            case 1 -> order("p" + partition + "-bad" + offset, t, "store-1", BigDecimal.TEN, "c1").put("currency", "XXX")
                    .toString();
            default -> "{not json";
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
