package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;


import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TestStack.class)
class ResumeTest {

    /** A range no other test publishes, so its pointer tells what this test did. */
    static final TimeRange RANGE = new TimeRange(MicroBatchRun.BASE.minusSeconds(120), MicroBatchRun.BASE.plusSeconds(40));

    @Inject
    ObjectStore store;

    @Test
    void aRunThatFailsMidwayPublishesNothingAndResumedGivesTheResultOfACleanRun() throws Exception {
        String body = Callers.range(RANGE.from().toString(), RANGE.to().toString());
        String pointer = ObjectKeys.pointer("orders", RANGE.from(), RANGE.to());
        // One segment read, then S3 "fails" (the range has at least two segments per partition,
        // compacted or not).
        FailingRuns.FAIL_AFTER_SEGMENTS.set(1);
        JsonNode problem = Callers.operator().body(body).post("/recompute").then().statusCode(500)
                .contentType("application/problem+json").body("title", equalTo("Run failed"))
                .body("detail", containsString("the S3 server stopped answering"))
                .body("run.state", equalTo("FAILED")).extract().as(JsonNode.class);
        String runId = problem.at("/run/runId").asText();
        // Partitions are folded in parallel: each fold stops at its next segment after the failure.
        assertThat(problem.at("/run/progress/segmentsDone").asInt()).isBetween(2, 1 + TestStack.SOURCE_PARTITIONS)
                .isLessThan(problem.at("/run/progress/segmentsTotal").asInt());
        assertThat(store.get(pointer)).as("nothing published").isEmpty();
        JsonNode failed = Callers.viewer().body("{\"runId\":\"" + runId + "\"}").post("/runStatus").then()
                .statusCode(200).extract().as(JsonNode.class);
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).contains("ObjectStoreException");
        assertThat(failed.get("manifest").asText()).isEqualTo(ObjectKeys.manifest("orders", runId));

        JsonNode resumed = Callers.operator().body("{\"runId\":\"" + runId + "\"}").post("/resume").then()
                .statusCode(200).extract().as(JsonNode.class);
        assertThat(resumed.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(resumed.get("attempts").asInt()).isEqualTo(2);
        JsonNode published = Json.mapper().readTree(store.get(pointer).orElseThrow());
        assertThat(published.get("runId").asText()).isEqualTo(runId);

        JsonNode clean = Callers.operator().body(body).post("/recompute").then().statusCode(200).extract()
                .as(JsonNode.class);
        assertThat(ResultBytes.of(store, runId)).isEqualTo(ResultBytes.of(store, clean.get("runId").asText()));
    }

}
