package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.decode.DeadLetterHeaders;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What becomes of PII and secrets: the bytes landed in S3 hold the masked values only (HMAC equal
 * to the shared masker's, redacted text), a dead letter keeps the record exactly as it came (the
 * documented decision: it is what an operator repairs and re-sends, so the dead-letter topic is as
 * sensitive as the source topic), and the log holds neither PII nor a secret.
 */
@QuarkusTest
@TestProfile(PushOnly.class)
@WithTestResource(TestStack.class)
class PiiAndSecretsTest {

    /** A partition no other push test uses (they use 5–14 and 17; ObservabilityTest 11 and 12). */
    static final int PARTITION = 18;
    static final String CUSTOMER = "cust-4242-pii";
    static final String EMAIL = "alice.pii@example.org";
    static final String INVALID_EMAIL = "bob.pii@example.org";

    @Inject
    S3Client s3;

    @Inject
    PipelineDefinition definition;

    @Test
    void landedBytesHoldMaskedValuesDeadLettersKeepTheRecordAndTheLogHoldsNeither() throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        long base = PushTriggerTest.BASE;
        ObjectNode payload = PushTriggerTest.lambdaPayload(PARTITION, 0, 3);
        var records = payload.get("records").get(PushOnly.TOPIC + "-" + PARTITION);
        for (int i = 0; i < 3; i++) {
            String amount = i == 2 ? "-5" : "12.50";
            String email = i == 2 ? INVALID_EMAIL : EMAIL;
            ((ObjectNode) records.get(i)).put("value", Base64.getEncoder().encodeToString(("{\"orderId\":\"pii-" + i
                    + "\",\"createdAt\":\"" + Instant.ofEpochMilli(base + i * 1000) + "\",\"storeId\":\"store-1\","
                    + "\"amount\":" + amount + ",\"currency\":\"EUR\",\"customer\":{\"id\":\"" + CUSTOMER
                    + "\",\"email\":\"" + email + "\"}}").getBytes(StandardCharsets.UTF_8)));
        }
        given().contentType("application/json").body(payload.toString()).when().post("/push").then().statusCode(200)
                .body("partitions[0].records", equalTo(3)).body("partitions[0].invalid", equalTo(1));

        // The landed bytes, read as any tool would (gunzip), hold the masked values and nothing else.
        String landed = landedText();
        byte[] key = Base64.getDecoder().decode(stack.quarkusConfig().get("tandem.masking.key"));
        String hmac = Masker.of(definition.pii(), key)
                .mask(Json.mapper().readTree("{\"customer\":{\"id\":\"" + CUSTOMER + "\"}}")).at("/customer/id").asText();
        assertThat(landed).contains("pii-0").contains("pii-1").doesNotContain("pii-2")
                .doesNotContain(CUSTOMER).doesNotContain(EMAIL).doesNotContain(INVALID_EMAIL)
                .contains("\"id\":\"" + hmac + "\"").contains("\"email\":\"[redacted]\"");

        // The dead letter keeps the record exactly as it came, PII included.
        List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readUntil(stack.kafkaBootstrapServers(), "orders.dlq",
                read -> read.stream().anyMatch(PiiAndSecretsTest::ours), Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> letter = letters.stream().filter(PiiAndSecretsTest::ours).findFirst().orElseThrow();
        assertThat(letter.value()).isEqualTo(Base64.getDecoder().decode(records.get(2).get("value").asText()));

        // Neither PII nor a secret in the log.
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        assertThat(log).as("the log").contains("Installed features");
        assertThat(log).doesNotContain(CUSTOMER).doesNotContain(EMAIL).doesNotContain(INVALID_EMAIL)
                .doesNotContain(stack.s3SecretKey()).doesNotContain(stack.quarkusConfig().get("tandem.masking.key"));
    }

    private static boolean ours(ConsumerRecord<byte[], byte[]> r) {
        return PushOnly.TOPIC.equals(TopicReader.header(r, DeadLetterHeaders.TOPIC))
                && String.valueOf(PARTITION).equals(TopicReader.header(r, DeadLetterHeaders.PARTITION));
    }

    /** Every raw segment of this test's partition, gunzipped and concatenated. */
    private String landedText() throws IOException {
        StringBuilder text = new StringBuilder();
        String marker = "/" + PushOnly.TOPIC + "-" + PARTITION + "-";
        for (var o : s3.listObjectsV2Paginator(b -> b.bucket("tandem").prefix(ObjectKeys.raw("orders"))).contents()) {
            if (o.key().contains(marker)) {
                byte[] gz = s3.getObjectAsBytes(b -> b.bucket("tandem").key(o.key())).asByteArray();
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(text).as("segments of %s-%d", PushOnly.TOPIC, PARTITION).isNotEmpty();
        return text.toString();
    }
}
