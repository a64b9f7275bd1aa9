package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.tandem.localstack.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the S3 server down: batches fail, readiness goes DOWN, liveness stays UP; back up, all is well again. */
@QuarkusTest
@TestProfile(PushOnly.class)
@WithTestResource(TestStack.class)
class S3OutageTest {

    static final int PARTITION = 14;

    @Test
    void readinessIsDownWhileS3IsUnreachableAndTheRetriedBatchHasItsEffectOnce() throws Exception {
        String batch = PushTriggerTest.lambdaPayload(PARTITION, 0, 3).toString();
        try (AutoCloseable outage = LocalStackTestResource.stack().s3Outage()) {
            given().contentType("application/json").body(batch).when().post("/push").then().statusCode(503)
                    .contentType("application/problem+json").body("detail", containsString("retry the delivery"));
            given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'tandem micro-batch processing' }.data.reason",
                            equalTo("retrying a failed batch"));
            given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
            // The failure does not pass silently: counted by operation and decision.
            given().when().get("/q/metrics").then().statusCode(200).body(containsString(
                    "tandem_microbatch_failures_total{decision=\"fail\",operation=\"push\",pipeline=\"orders\"}"));
        }
        // The trigger retries the same delivery once S3 answers again: processed now, and only now.
        given().contentType("application/json").body(batch).when().post("/push").then().statusCode(200)
                .body("partitions[0].records", equalTo(3)).body("partitions[0].skipped", equalTo(0));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("tandem micro-batch processing"));
        given().contentType("application/json").body(batch).when().post("/push").then().statusCode(200)
                .body("partitions[0].records", equalTo(0)).body("partitions[0].skipped", equalTo(3));
    }
}
