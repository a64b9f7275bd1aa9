package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.function.io.ConsumerGroupOwners;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.decode.DeadLetterHeaders;
import dev.tandem.engine.microbatch.CheckpointRepository;
import dev.tandem.shared.record.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The push trigger: AWS Lambda Kafka event payloads and CloudEvents batches go through the same
 * processor; a redelivered batch has no further effect; malformed requests get problem details;
 * batches for partitions the topic lacks, or that a pull consumer reads, are refused.
 */
@QuarkusTest
@TestProfile(PushOnly.class)
@WithTestResource(TestStack.class)
class PushTriggerTest {

    static final long BASE = Instant.parse("2026-06-01T10:00:00Z").toEpochMilli();

    @Inject
    S3Client s3;

    @Inject
    dev.tandem.shared.definition.PipelineDefinition definition;

    @Test
    void aRedeliveredLambdaBatchHasNoFurtherEffect() {
        String payload = lambdaPayload(7, 0, 5).toString();

        given().contentType("application/json").body(payload).when().post("/push")
                .then().statusCode(200)
                .body("partitions[0].partition", equalTo(7))
                .body("partitions[0].records", equalTo(5))
                .body("partitions[0].skipped", equalTo(0))
                .body("partitions[0].nextOffset", equalTo(5));
        String checkpoint = latestCheckpoint(7);

        given().contentType("application/json").body(payload).when().post("/push")
                .then().statusCode(200)
                .body("partitions[0].records", equalTo(0))
                .body("partitions[0].skipped", equalTo(5))
                .body("partitions[0].nextOffset", equalTo(5));
        assertThat(latestCheckpoint(7)).as("the redelivery changed no state").isEqualTo(checkpoint);

        // Overlapping redelivery: only the new records count.
        given().contentType("application/json").body(lambdaPayload(7, 3, 4).toString()).when().post("/push")
                .then().statusCode(200)
                .body("partitions[0].records", equalTo(2))
                .body("partitions[0].skipped", equalTo(2))
                .body("partitions[0].nextOffset", equalTo(7));
    }

    @Test
    void anEventTimeFarAheadOfItsProduceTimeIsADeadLetterAndLeavesTheWatermarkAlone() {
        ObjectNode payload = lambdaPayload(17, 0, 3);
        ObjectNode farAhead = (ObjectNode) payload.get("records").get(PushOnly.TOPIC + "-17").get(1);
        farAhead.put("value", Base64.getEncoder().encodeToString(("{\"orderId\":\"push-17-year-9999\",\"createdAt\":"
                + "\"9999-12-31T23:59:59Z\",\"storeId\":\"store-1\",\"amount\":10.5,\"currency\":\"EUR\","
                + "\"customer\":{\"id\":\"c1\",\"email\":\"c1@example.com\"}}").getBytes(StandardCharsets.UTF_8)));

        given().contentType("application/json").body(payload.toString()).when().post("/push").then().statusCode(200)
                .body("partitions[0].records", equalTo(3))
                .body("partitions[0].invalid", equalTo(1));
        // The next records are on time: the year-9999 record did not move the partition's watermark.
        given().contentType("application/json").body(lambdaPayload(17, 3, 2).toString()).when().post("/push").then()
                .statusCode(200).body("partitions[0].records", equalTo(2)).body("partitions[0].late", equalTo(0));

        List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicReader.readUntil(
                LocalStackTestResource.stack().kafkaBootstrapServers(), "orders.dlq",
                read -> read.stream().anyMatch(r -> "17".equals(TopicReader.header(r, DeadLetterHeaders.PARTITION))
                        && PushOnly.TOPIC.equals(TopicReader.header(r, DeadLetterHeaders.TOPIC))),
                Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> letter = deadLetters.stream()
                .filter(r -> "17".equals(TopicReader.header(r, DeadLetterHeaders.PARTITION))
                        && PushOnly.TOPIC.equals(TopicReader.header(r, DeadLetterHeaders.TOPIC))).findFirst().orElseThrow();
        assertThat(TopicReader.header(letter, DeadLetterHeaders.OFFSET)).isEqualTo("1");
        assertThat(TopicReader.header(letter, DeadLetterHeaders.TOPIC)).isEqualTo(PushOnly.TOPIC);
        assertThat(TopicReader.header(letter, DeadLetterHeaders.REASON)).startsWith("event-time/out-of-range createdAt=");
    }

    @Test
    void aCloudEventsBatchIsProcessedLikeAKafkaBatch() {
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 3; i++) {
            ObjectNode ce = batch.addObject();
            ce.put("specversion", "1.0");
            ce.put("id", "ce-" + i);
            ce.put("source", "/apis/v1/namespaces/shop/kafkasources/orders#" + PushOnly.TOPIC);
            ce.put("type", "dev.knative.kafka.event");
            ce.put("subject", "partition:8#" + i);
            ce.put("datacontenttype", "application/json");
            ce.set("data", order("ce-order-" + i, i));
        }

        given().contentType("application/cloudevents-batch+json").body(batch.toString()).when().post("/push")
                .then().statusCode(200)
                .body("partitions[0].partition", equalTo(8))
                .body("partitions[0].records", equalTo(3))
                .body("partitions[0].invalid", equalTo(0));
    }

    @Test
    void malformedRequestsGetProblemDetailsNamingTheField() {
        given().contentType("application/json").body("{not json").when().post("/push")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed push request"))
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON"))
                .body("instance", equalTo("/push"));

        given().contentType("application/json").body("{\"eventSource\":\"aws:kafka\"}").when().post("/push")
                .then().statusCode(400).body("field", equalTo("records"));

        ObjectNode badValue = lambdaPayload(9, 0, 1);
        ((ObjectNode) badValue.get("records").get(PushOnly.TOPIC + "-9").get(0)).put("value", "%%% not base64");
        given().contentType("application/json").body(badValue.toString()).when().post("/push")
                .then().statusCode(400)
                .body("field", equalTo("records[\"" + PushOnly.TOPIC + "-9\"][0].value"))
                .body("detail", containsString("is not valid base64"));

        ObjectNode otherTopic = lambdaPayload(9, 0, 1);
        ((ObjectNode) otherTopic.get("records").get(PushOnly.TOPIC + "-9").get(0)).put("topic", "payments");
        given().contentType("application/json").body(otherTopic.toString()).when().post("/push")
                .then().statusCode(400).body("detail", containsString("'payments' is not this pipeline's topic"));

        given().contentType("application/cloudevents-batch+json").body("[{\"specversion\":\"1.0\",\"id\":\"x\"}]")
                .when().post("/push")
                .then().statusCode(400).body("field", equalTo("[0]"))
                .body("detail", containsString("is not a valid CloudEvent"));

        given().contentType("text/plain").body("hello").when().post("/push")
                .then().statusCode(415).contentType("application/problem+json")
                .body("title", equalTo("Unsupported media type"));
    }

    @Test
    void aBatchThatSkipsOffsetsIsRefusedWithConflict() {
        given().contentType("application/json").body(lambdaPayload(10, 0, 2).toString()).when().post("/push")
                .then().statusCode(200);

        given().contentType("application/json").body(lambdaPayload(10, 5, 2).toString()).when().post("/push")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("checkpoint's next offset is 2; redeliver from 2"));
    }

    @Test
    void aBatchForAPartitionTheTopicLacksIsRefusedAndNothingIsProcessed() {
        ObjectNode payload = lambdaPayload(PushOnly.PARTITIONS, 0, 2);
        payload.with("records").set(PushOnly.TOPIC + "-5", lambdaPayload(5, 0, 2).get("records")
                .get(PushOnly.TOPIC + "-5"));

        given().contentType("application/json").body(payload.toString()).when().post("/push")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Unknown partition")).body("field", equalTo("records"))
                .body("detail", containsString("has " + PushOnly.PARTITIONS + " partitions (0 to 19); the batch has"
                        + " records of partition 20"));
        assertThat(new CheckpointRepository(new S3ObjectStore(s3, "tandem"), "orders", PushOnly.TOPIC).latest(5))
                .as("the valid partition of the refused batch was not processed either").isEmpty();
    }

    @Test
    void aBatchForAPartitionAPullConsumerReadsIsRefusedWithConflict() throws Exception {
        String bootstrap = LocalStackTestResource.stack().kafkaBootstrapServers();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> pull =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                        "group.id", "tandem-microbatch-orders", "client.id", "a-pull-instance"),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            pull.subscribe(List.of(PushOnly.TOPIC));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                pull.poll(Duration.ofMillis(200));
                return !pull.assignment().isEmpty();
            });
            // Not by pushing until refused: a push the guard lets through while its view of the group is
            // older than the assignment would be processed. First the group's own answer, as the guard
            // reads it, then past the guard's cache of it (1 s), one push.
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> String.valueOf(
                        ConsumerGroupOwners.byPartition(admin, "tandem-microbatch-orders", PushOnly.TOPIC).get(6))
                        .startsWith("a-pull-instance"));
            }
            Thread.sleep(1_500);
            given().contentType("application/json").body(lambdaPayload(6, 0, 2).toString()).when()
                    .post("/push").then().statusCode(409).contentType("application/problem+json")
                    .body("title", equalTo("Partition read by a pull consumer"))
                    .body("detail", containsString("a-pull-instance"));
        }
        assertThat(new CheckpointRepository(new S3ObjectStore(s3, "tandem"), "orders", PushOnly.TOPIC).latest(6))
                .isEmpty();
        // Once the pull consumer has left the group, pushing is allowed again.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().contentType("application/json").body(lambdaPayload(6, 0, 2).toString()).when().post("/push")
                        .then().statusCode(200));
    }

    /** The partition's state as its checkpoints restore it, with the next offset. */
    private String latestCheckpoint(int partition) {
        var restored = new CheckpointRepository(new S3ObjectStore(s3, "tandem"), "orders", PushOnly.TOPIC)
                .restore(partition, dev.tandem.shared.state.StateLayout.of(definition)).orElseThrow();
        return restored.nextOffset() + ":" + java.util.Base64.getEncoder().encodeToString(restored.state().snapshot());
    }

    static ObjectNode lambdaPayload(int partition, long firstOffset, int n) {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("eventSource", "SelfManagedKafka");
        payload.put("bootstrapServers", "127.0.0.1:9092");
        ArrayNode records = payload.putObject("records").putArray(PushOnly.TOPIC + "-" + partition);
        List<Long> offsets = new ArrayList<>();
        for (long o = firstOffset; o < firstOffset + n; o++) {
            offsets.add(o);
        }
        for (long offset : offsets) {
            ObjectNode r = records.addObject();
            r.put("topic", PushOnly.TOPIC);
            r.put("partition", partition);
            r.put("offset", offset);
            r.put("timestamp", BASE + offset);
            r.put("timestampType", "CREATE_TIME");
            r.put("key", Base64.getEncoder().encodeToString("store-1".getBytes(StandardCharsets.UTF_8)));
            r.put("value", Base64.getEncoder().encodeToString(json("push-" + partition + "-" + offset,
                    BASE + offset * 1000)));
            r.putArray("headers").addObject().putArray("traceparent").add(48).add(48);
        }
        return payload;
    }

    static com.fasterxml.jackson.databind.JsonNode order(String id, long i) {
        try {
            return Json.mapper().readTree(json(id, BASE + i * 1000));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] json(String id, long time) {
        return ("{\"orderId\":\"" + id + "\",\"createdAt\":\"" + Instant.ofEpochMilli(time) + "\",\"storeId\":\"store-1\","
                + "\"amount\":12.50,\"currency\":\"EUR\",\"customer\":{\"id\":\"c1\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
