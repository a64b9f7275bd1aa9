package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.engine.batch.TimeRange;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;

/**
 * The fault suite's batch half: the real S3 server stopped for 30 s, before a call and in the
 * middle of a run. Calls meanwhile get a 503 problem; the run that lost S3 is recorded as FAILED once
 * S3 is back, publishes nothing, and resumes to the bytes of a clean run.
 */
@Tag("faults")
@QuarkusTest
@WithTestResource(TestStack.class)
class S3OutageRunsTest {

    /** A range no other test publishes. */
    static final TimeRange RANGE = new TimeRange(MicroBatchRun.BASE.minusSeconds(150), MicroBatchRun.BASE.plusSeconds(30));

    @Inject
    ObjectStore store;

    @Test
    void callsDuringAnOutageAnswer503AndARunThatLostS3ResumesToACleanRunsBytes() throws Exception {
        String body = Callers.range(RANGE.from().toString(), RANGE.to().toString());
        try (AutoCloseable outage = LocalStackTestResource.stack().s3Outage()) {
            Callers.operator().body(body).post("/recompute").then().statusCode(503)
                    .contentType("application/problem+json").body("detail", containsString("nothing was done"));
            Callers.viewer().body("{\"runId\":\"recompute-20260301T090000Z-0123abcd\"}").post("/runStatus").then()
                    .statusCode(503).contentType("application/problem+json");
        }

        // S3 stops after the first segment read and stays down for 30 s.
        FailingRuns.OUTAGE_AFTER_SEGMENTS.set(1);
        long outageFrom = System.nanoTime();
        JsonNode failed;
        try {
            // A GET in flight on another partition's fold thread when the server stops may wait out
            // the S3 client's 30 s read timeout before the run fails: longer than rest-assured's
            // default 30 s, so this call waits longer (the assertions on what it answers stay).
            failed = Callers.operator().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", 120_000))).body(body).post("/recompute").then().statusCode(500)
                    .contentType("application/problem+json").body("title", equalTo("Run failed"))
                    .body("run.state", equalTo("FAILED")).extract().as(JsonNode.class);
            long remaining = 30_000 - (System.nanoTime() - outageFrom) / 1_000_000;
            Thread.sleep(Math.max(0, remaining));
        } finally {
            AutoCloseable outage = FailingRuns.OUTAGE.getAndSet(null);
            assertThat(outage).as("the run reached S3's outage").isNotNull();
            outage.close();
        }
        String runId = failed.at("/run/runId").asText();
        String pointer = ObjectKeys.pointer("orders", RANGE.from(), RANGE.to());
        assertThat(store.get(pointer)).as("nothing published").isEmpty();

        // S3 did not take the FAILED status when it happened; it is there now.
        Callers.viewer().body("{\"runId\":\"" + runId + "\"}").post("/runStatus").then().statusCode(200)
                .body("state", equalTo("FAILED")).body("error", containsString("ObjectStoreException"));
        JsonNode resumed = Callers.operator().body("{\"runId\":\"" + runId + "\"}").post("/resume").then()
                .statusCode(200).extract().as(JsonNode.class);
        assertThat(resumed.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("attempts").asInt()).isEqualTo(2);

        JsonNode clean = Callers.operator().body(body).post("/recompute").then().statusCode(200).extract()
                .as(JsonNode.class);
        assertThat(ResultBytes.of(store, runId)).isEqualTo(ResultBytes.of(store, clean.get("runId").asText()));
    }
}
