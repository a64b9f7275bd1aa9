package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.shared.decode.DeadLetterHeaders;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The pull trigger end to end against the real broker and S3 server: a seeded stream with
 * disorder, duplicates, late and invalid records; FINAL results must equal the answer computed
 * independently; every invalid record is dead-lettered with its reason; every valid record, late
 * ones included, is in a raw segment.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class PullTriggerCorrectnessTest {

    @Inject
    PipelineDefinition definition;

    @Inject
    S3Client s3;

    /** The decompressor Kafka's LZ4 stream took when it was first used, in this (the function's) class loader. */
    private static String kafkaLz4Decompressor() throws IOException {
        try {
            Field f = Class.forName("org.apache.kafka.common.compress.Lz4BlockInputStream").getDeclaredField("DECOMPRESSOR");
            f.setAccessible(true);
            return f.get(null).getClass().getSimpleName();
        } catch (ReflectiveOperationException e) {
            throw new IOException("Kafka's LZ4 stream changed: " + e, e);
        }
    }

    @Test
    void finalResultsDeadLettersAndSegmentsMatchTheGeneratedStream() throws IOException {
        String bootstrap = LocalStackTestResource.stack().kafkaBootstrapServers();
        long base = Instant.parse("2026-03-01T09:00:00Z").toEpochMilli();
        List<OrderStream.Sent> sent = OrderStream.send(bootstrap, "orders",
                OrderStream.generate(20261125L, 4_000, TestStack.SOURCE_PARTITIONS, base));
        ExpectedResults expected = ExpectedResults.of(sent, definition.window().size(), definition.allowedLateness(),
                definition.dedupeHorizon());
        assertThat(expected.late).as("the stream has late records").hasSizeGreaterThan(20);
        assertThat(expected.duplicates).as("the stream has duplicates").hasSizeGreaterThan(20);
        assertThat(expected.invalid).as("the stream has invalid records").hasSizeGreaterThan(20);

        List<ConsumerRecord<byte[], byte[]>> results = TopicReader.readUntil(bootstrap, "orders.results",
                read -> finals(read).keySet().containsAll(expected.cells.keySet()), Duration.ofSeconds(120));
        Map<String, List<String>> finals = finals(results);
        assertThat(kafkaLz4Decompressor()).as("the source's LZ4 batches decompressed by lz4-java's native library, "
                + "though Quarkus' class loader holds it (NativeLz4)").isEqualTo("LZ4JNISafeDecompressor");

        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(expected.cells.keySet());
        for (Map.Entry<String, List<String>> f : finals.entrySet()) {
            assertThat(new HashSet<>(f.getValue())).as("every FINAL emission of %s is identical", f.getKey()).hasSize(1);
            JsonNode values = Json.mapper().readTree(f.getValue().get(0)).get("values");
            ExpectedResults.Cell cell = expected.cells.get(f.getKey());
            assertThat(values.get("orders").asLong()).as("count of %s", f.getKey()).isEqualTo(cell.count);
            assertThat(values.get("revenue").asText()).as("sum of %s", f.getKey()).isEqualTo(cell.sum.toPlainString());
            assertThat(values.get("smallestOrder").asText()).isEqualTo(cell.min.toPlainString());
            assertThat(values.get("largestOrder").asText()).isEqualTo(cell.max.toPlainString());
            assertThat(values.get("averageOrder").asText()).isEqualTo(cell.avg());
            assertThat(values.get("customers").asLong()).as("distinct customers of %s", f.getKey())
                    .isEqualTo(cell.customers.size());
            assertMedianWithinSketchAccuracy(values.at("/orderSize/p50").decimalValue(), cell.amounts);
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicReader.readUntil(bootstrap, "orders.dlq",
                read -> read.size() >= expected.invalid.size(), Duration.ofSeconds(30));
        Map<String, ConsumerRecord<byte[], byte[]>> byCoordinates = new HashMap<>();
        deadLetters.forEach(r -> byCoordinates.put(TopicReader.header(r, DeadLetterHeaders.PARTITION) + "@"
                + TopicReader.header(r, DeadLetterHeaders.OFFSET), r));
        for (OrderStream.Sent s : expected.invalid) {
            ConsumerRecord<byte[], byte[]> r = byCoordinates.get(s.event().partition() + "@" + s.offset());
            assertThat(r).as("dead letter for %s", s).isNotNull();
            assertThat(r.value()).as("the original value, unchanged").isEqualTo(s.event().value());
            String expectedRule = switch (s.event().kind()) {
                case INVALID_AMOUNT -> "positive-amount";
                case MISSING_STORE -> "schema/required";
                default -> "json";
            };
            assertThat(TopicReader.header(r, DeadLetterHeaders.REASON)).contains(expectedRule);
            assertThat(TopicReader.header(r, DeadLetterHeaders.TOPIC)).isEqualTo("orders");
        }

        Set<String> landed = new HashSet<>();
        ObjectStore store = new S3ObjectStore(s3, "tandem");
        for (ObjectStore.ObjectInfo o : store.list("raw/orders/")) {
            for (Envelope e : RawSegment.read(store.get(o.key()).orElseThrow())) {
                landed.add(e.source().partition() + "@" + e.source().offset());
            }
        }
        for (OrderStream.Sent s : sent) {
            if (!s.event().isInvalid()) {
                assertThat(landed).as("valid record %s is in a raw segment", s).contains(
                        s.event().partition() + "@" + s.offset());
            }
        }
        assertThat(expected.late).allSatisfy(s -> assertThat(landed).contains(s.event().partition() + "@" + s.offset()));

        for (int p = 0; p < TestStack.SOURCE_PARTITIONS; p++) {
            List<String> keys = store.list(dev.tandem.shared.storage.Checkpoint.prefix("orders", "orders", p)).stream()
                    .map(ObjectStore.ObjectInfo::key).toList();
            assertThat(keys.stream().filter(k -> k.endsWith(".ckpt"))).as("full checkpoints of partition %d kept", p)
                    .hasSizeBetween(1, 3);
            assertThat(keys.stream().filter(k -> k.endsWith(".delta"))).as("deltas of partition %d since the oldest kept", p)
                    .hasSizeLessThanOrEqualTo(3 * 51);
        }

        // Pacing held the polls per partition; each poll was acknowledged once checkpointed, so the
        // group's committed offsets (for lag tooling) reach the end of every partition.
        Map<Integer, Long> ends = new HashMap<>();
        for (OrderStream.Sent s : sent) {
            ends.merge(s.event().partition(), s.offset() + 1, Math::max);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        "tandem-microbatch-orders").partitionsToOffsetAndMetadata().get();
                ends.forEach((p, end) -> assertThat(committed.get(new TopicPartition("orders", p)))
                        .as("committed offset of orders-%d", p).isNotNull()
                        .extracting(OffsetAndMetadata::offset).isEqualTo(end));
            });
        }
        String metrics = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (int p = 0; p < TestStack.SOURCE_PARTITIONS; p++) {
            assertThat(metrics).contains("tandem_microbatch_pacing_target_records{partition=\"" + p + "\",pipeline=\"orders\"")
                    .contains("tandem_microbatch_pacing_target_wait_seconds{partition=\"" + p + "\",pipeline=\"orders\"");
        }
        assertThat(metrics).containsPattern("tandem_microbatch_pacing_changes_total\\{pipeline=\"orders\",reason=\"start\",?} [1-9]");
        // The pull consumer's lag per partition, measured by the idle check.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().accept("text/plain").when().get("/q/metrics")
                .then().body(org.hamcrest.Matchers.containsString(
                        "tandem_microbatch_lag_records{partition=\"0\",pipeline=\"orders\"")));
    }

    static Map<String, List<String>> finals(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String value = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
            String key = TopicReader.key(r);
            // Other test classes push to partitions 7 and up of the same pipeline.
            int partition = Integer.parseInt(key.substring(key.lastIndexOf('|') + 1));
            if (value.contains("\"status\":\"FINAL\"") && partition < TestStack.SOURCE_PARTITIONS) {
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return out;
    }

    /** DDSketch: the reported median is within 1% of an order statistic next to the true median rank. */
    static void assertMedianWithinSketchAccuracy(BigDecimal reported, List<BigDecimal> amounts) {
        List<BigDecimal> sorted = amounts.stream().sorted().collect(Collectors.toList());
        double rank = 0.5 * (sorted.size() - 1);
        double lo = sorted.get((int) Math.floor(rank)).doubleValue() * 0.99;
        double hi = sorted.get((int) Math.ceil(rank)).doubleValue() * 1.01;
        assertThat(reported.doubleValue()).isBetween(lo, hi);
    }
}
