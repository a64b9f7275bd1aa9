package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.engine.batch.ResultObjects;
import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.ResultRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TestStack.class)
class RecomputeTest {

    @Inject
    ObjectStore store;

    @Test
    void recomputeEqualsTheAnswerComputedFromTheEventsIsDeterministicAndReplaysByteForByte() throws Exception {
        JsonNode first = recompute();
        assertThat(first.get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode result = first.get("result");
        assertThat(result.get("late").asLong()).as("the stream has late records").isPositive();
        assertThat(result.get("duplicates").asLong()).as("the stream has duplicates").isPositive();

        // The published pointer names this run, and its objects hold the independent answer.
        JsonNode pointer = Json.mapper().readTree(store.get(result.get("pointer").asText()).orElseThrow());
        assertThat(pointer.get("runId").asText()).isEqualTo(first.get("runId").asText());
        Map<String, ResultRecord> published = new TreeMap<>();
        for (JsonNode key : pointer.get("objects")) {
            for (ResultRecord r : ResultObjects.read(store.get(key.asText()).orElseThrow())) {
                assertThat(r.partition()).as("batch values are complete, not partials").isEmpty();
                assertThat(r.offsets()).as("each store's orders are in one partition").hasSize(1);
                assertThat(r.offsets().values()).as("lineage: the offsets folded in")
                        .allSatisfy(o -> assertThat(o.last()).isGreaterThanOrEqualTo(o.first()));
                int partition = r.offsets().keySet().iterator().next();
                published.put(ExpectedResults.key(r.window().startMs(), r.group().values().get(0), partition), r);
            }
        }
        Map<String, ExpectedResults.Cell> answer = BatchAnswer.of(BatchAnswer.MicroBatchRunData.current());
        assertThat(published.keySet()).containsExactlyElementsOf(answer.keySet());
        answer.forEach((key, cell) -> {
            JsonNode values = published.get(key).values();
            assertThat(values.get("orders").asLong()).as("count of %s", key).isEqualTo(cell.count);
            assertThat(values.get("revenue").asText()).as("sum of %s", key).isEqualTo(cell.sum.toPlainString());
            assertThat(values.get("smallestOrder").asText()).isEqualTo(cell.min.toPlainString());
            assertThat(values.get("largestOrder").asText()).isEqualTo(cell.max.toPlainString());
            assertThat(values.get("averageOrder").asText()).isEqualTo(cell.avg());
            assertThat(values.get("customers").asLong()).isEqualTo(cell.customers.size());
        });
        assertThat(answer.values().stream().mapToLong(c -> c.count).sum())
                .as("records folded: every valid event once, late ones included")
                .isEqualTo(published.values().stream().mapToLong(r -> r.values().get("orders").asLong()).sum());

        // The same range again: identical bytes. Its manifest replayed: identical bytes again.
        JsonNode second = recompute();
        assertThat(ResultBytes.of(store, second.get("runId").asText()))
                .isEqualTo(ResultBytes.of(store, first.get("runId").asText()));
        JsonNode replay = Callers.operator().body("{\"manifest\":\"" + result.get("manifest").asText() + "\"}")
                .post("/replay").then().statusCode(200).extract().as(JsonNode.class);
        assertThat(replay.at("/result/identicalToOriginal").asBoolean()).isTrue();
        assertThat(ResultBytes.of(store, replay.get("runId").asText()))
                .isEqualTo(ResultBytes.of(store, first.get("runId").asText()));
    }

    @Test
    void anAsyncRunAnswers202AndIsPolledToItsEnd() throws Exception {
        JsonNode started = Callers.operator().body(Callers.range().replace("}", ",\"async\":true}"))
                .post("/recompute").then().statusCode(202).extract().as(JsonNode.class);
        String runId = started.get("runId").asText();
        assertThat(started.get("state").asText()).isEqualTo("RUNNING");
        JsonNode status = null;
        for (int i = 0; i < 300; i++) {
            status = Callers.viewer().body("{\"runId\":\"" + runId + "\"}").post("/runStatus").then().statusCode(200)
                    .extract().as(JsonNode.class);
            if (!status.get("state").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.at("/progress/segmentsDone").asInt()).isEqualTo(status.at("/progress/segmentsTotal").asInt())
                .isPositive();
        assertThat(status.at("/progress/records").asLong()).isPositive();
        assertThat(status.get("durationMs").asLong()).isNotNegative();
    }

    static JsonNode recompute() {
        return Callers.operator().body(Callers.range()).post("/recompute").then().statusCode(200).extract()
                .as(JsonNode.class);
    }

}
