package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A drain-only instance (no pull consumer) against the real broker and S3 server: {@code POST
 * /drain} processes what the topic holds at the call and gives the FINAL results and dead letters
 * computed independently from the stream; a second drain continues from the checkpoints; the
 * group's committed offsets follow, for lag tooling.
 */
@QuarkusTest
@TestProfile(DrainModeTest.DrainOnly.class)
@WithTestResource(TestStack.class)
class DrainModeTest {

    public static class DrainOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.source.enabled", "false", "tandem.drain.scheduled", "false");
        }
    }

    @Inject
    PipelineDefinition definition;

    @Test
    void aDrainProcessesWhatTheTopicHoldsAndTheNextOneContinuesFromTheCheckpoints() throws Exception {
        String bootstrap = LocalStackTestResource.stack().kafkaBootstrapServers();
        long base = Instant.parse("2026-03-02T09:00:00Z").toEpochMilli();
        List<OrderStream.Sent> first = OrderStream.send(bootstrap, "orders",
                OrderStream.generate(20261130L, 3_000, TestStack.SOURCE_PARTITIONS, base));
        String token = DrainTest.token("tandem-operator");

        JsonNode one = Json.mapper().readTree(given().auth().oauth2(token).when().post("/drain").then().statusCode(200)
                .contentType("application/json").extract().asString());

        Map<Integer, Long> ends = ends(first);
        assertThat(one.get("records").asLong()).isEqualTo(first.size());
        assertThat(one.get("batches").asLong()).isPositive();
        for (JsonNode p : one.get("partitions")) {
            assertThat(p.get("fromOffset").asLong()).isZero();
            assertThat(p.get("toOffset").asLong()).isEqualTo(ends.getOrDefault(p.get("partition").asInt(), 0L));
        }
        ExpectedResults expected = ExpectedResults.of(first, definition.window().size(), definition.allowedLateness(),
                definition.dedupeHorizon());
        // Windows within the lateness of a partition's newest event stay open until later records close them.
        Map<String, List<String>> afterOne = PullTriggerCorrectnessTest.finals(TopicReader.readUntil(bootstrap,
                "orders.results", read -> !read.isEmpty(), Duration.ofSeconds(30)));
        assertThat(afterOne).isNotEmpty();
        assertCounts(afterOne, expected);
        assertThat(one.get("invalid").asLong()).isEqualTo(expected.invalid.size());
        assertCommitted(bootstrap, ends);

        // What is produced after a drain waits for the next one, which starts where this one ended.
        List<OrderStream.Sent> second = OrderStream.send(bootstrap, "orders",
                OrderStream.generate(20261201L, 600, TestStack.SOURCE_PARTITIONS, base + 3_600_000));
        JsonNode two = Json.mapper().readTree(given().auth().oauth2(token).when().post("/drain").then().statusCode(200)
                .extract().asString());
        assertThat(two.get("records").asLong()).isEqualTo(second.size());
        for (JsonNode p : two.get("partitions")) {
            assertThat(p.get("fromOffset").asLong()).isEqualTo(ends.getOrDefault(p.get("partition").asInt(), 0L));
        }
        Map<Integer, Long> ends2 = ends(second);
        assertCommitted(bootstrap, ends2);
        // The second stream is an hour later: every window of the first one has closed.
        Map<String, List<String>> afterTwo = PullTriggerCorrectnessTest.finals(TopicReader.readUntil(bootstrap,
                "orders.results", read -> PullTriggerCorrectnessTest.finals(read).keySet()
                        .containsAll(expected.cells.keySet()), Duration.ofSeconds(30)));
        assertCounts(afterTwo, expected);
        assertThat(afterTwo.keySet()).containsAll(expected.cells.keySet());

        JsonNode three = Json.mapper().readTree(given().auth().oauth2(token).when().post("/drain").then().statusCode(200)
                .extract().asString());
        assertThat(three.get("records").asLong()).as("nothing new").isZero();

        // Another instance's live consumer joins the group: drains stop until it is gone.
        try (KafkaConsumer<byte[], byte[]> live = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                "tandem-microbatch-orders", ConsumerConfig.CLIENT_ID_CONFIG, "other-instance"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            live.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                live.poll(Duration.ofMillis(200));
                return !live.assignment().isEmpty();
            });
            given().auth().oauth2(token).when().post("/drain").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("other-instance"));
        }
    }

    /** Every FINAL result of the first stream has the count computed from the events; none is emitted twice differently. */
    private static void assertCounts(Map<String, List<String>> finals, ExpectedResults expected) {
        finals.forEach((key, values) -> {
            ExpectedResults.Cell cell = expected.cells.get(key);
            if (cell == null) {
                return; // a window of the second stream
            }
            assertThat(new java.util.HashSet<>(values)).as("every FINAL emission of %s is identical", key).hasSize(1);
            try {
                assertThat(Json.mapper().readTree(values.get(0)).at("/values/orders").asLong()).as("count of %s", key)
                        .isEqualTo(cell.count);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Map<Integer, Long> ends(List<OrderStream.Sent> sent) {
        Map<Integer, Long> ends = new HashMap<>();
        sent.forEach(s -> ends.merge(s.event().partition(), s.offset() + 1, Math::max));
        return ends;
    }

    private static void assertCommitted(String bootstrap, Map<Integer, Long> ends) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        "tandem-microbatch-orders").partitionsToOffsetAndMetadata().get();
                ends.forEach((p, end) -> assertThat(committed.get(new TopicPartition("orders", p)))
                        .as("committed offset of orders-%d", p).isNotNull()
                        .extracting(OffsetAndMetadata::offset).isEqualTo(end));
            });
        }
    }
}
