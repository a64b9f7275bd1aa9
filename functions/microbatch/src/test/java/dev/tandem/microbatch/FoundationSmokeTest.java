package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tandem.localstack.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@QuarkusTest
@WithTestResource(TestStack.class)
class FoundationSmokeTest {

    @Inject
    S3Client s3;

    @Inject
    dev.tandem.microbatch.config.TandemConfig config;

    @Test
    void shouldAnswerTheInfoFunctionOverHttp() {
        given().when().post("/info")
                .then().statusCode(200)
                .body("function", equalTo("tandem-microbatch"))
                .body("rhythm", equalTo("micro-batch"))
                .body("bucket", equalTo("tandem"));
        // Any body, or none, and GET too: the info function takes no input.
        for (String body : new String[] {"{}", "[]", "not json", "{\"a\":1}"}) {
            given().contentType("application/json").body(body).when().post("/info").then().statusCode(200)
                    .body("bucket", equalTo("tandem"));
        }
        given().when().get("/info").then().statusCode(200).body("bucket", equalTo("tandem"));
    }

    @Test
    void shouldWriteAndReadBackAnObjectOnTheLocalS3Server() {
        String key = "smoke/" + UUID.randomUUID() + ".txt";
        s3.putObject(b -> b.bucket(config.s3().bucket()).key(key), RequestBody.fromString("hello tandem"));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(config.s3().bucket()).key(key)).asString(StandardCharsets.UTF_8))
                .isEqualTo("hello tandem");
        assertThat(LocalStackTestResource.stack().s3Endpoint().toString())
                .as("the injected client is configured for the local S3 server")
                .isEqualTo(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("quarkus.s3.endpoint-override", String.class));
    }

    @Test
    void shouldReportReadyIncludingTheKafkaBrokerOnceItsPartitionsAreAssigned() {
        // Ready only once the consumer group has assigned this instance its partitions (and they are restored).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check")));
    }

    @Test
    void shouldServePrometheusMetrics() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }
}
