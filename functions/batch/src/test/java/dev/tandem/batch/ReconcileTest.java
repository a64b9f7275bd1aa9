package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TestStack.class)
class ReconcileTest {

    @Inject
    ObjectStore store;

    @Test
    void reconcileCorrectsExactlyThePartialsLateRecordsWentIntoAndThenFindsNothingToCorrect() throws Exception {
        BatchAnswer.MicroBatchRunData data = BatchAnswer.MicroBatchRunData.current();
        Set<String> lateKeys = BatchAnswer.lateKeys(data);
        Map<String, ExpectedResults.Cell> answer = BatchAnswer.of(data);
        assertThat(lateKeys).as("late records fall inside the range").hasSizeGreaterThan(5);

        JsonNode run = reconcile();
        JsonNode summary = run.at("/result/reconciliation");
        assertThat(summary.get("differing").asInt()).isEqualTo(lateKeys.size());
        assertThat(summary.get("unexplained").asInt()).isZero();
        assertThat(summary.get("missingInBatch").asInt()).isZero();
        assertThat(summary.get("missingInMicroBatch").asInt()).as("every window of the range closed").isZero();
        assertThat(summary.get("matching").asInt()).isEqualTo(answer.size() - lateKeys.size());

        // The report in S3 names each difference, side by side, with the segments responsible.
        JsonNode report = Json.mapper().readTree(store.get(summary.get("report").asText()).orElseThrow());
        assertThat(report.get("differences")).hasSize(lateKeys.size());
        for (JsonNode d : report.get("differences")) {
            assertThat(d.get("explained").asBoolean()).isTrue();
            assertThat(d.get("lateRecords").asInt()).isPositive();
            assertThat(d.get("segments")).isNotEmpty();
            assertThat(d.at("/batch/orders").asLong()).isGreaterThan(d.at("/microBatch/orders").asLong());
        }

        // A CORRECTED result per late partial, keyed like the FINAL it replaces, with the complete value.
        String bootstrap = LocalStackTestResource.stack().kafkaBootstrapServers();
        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readUntil(bootstrap, "orders.results",
                r -> corrected(r).keySet().containsAll(lateKeys), Duration.ofSeconds(30));
        Map<String, ResultRecord> corrected = corrected(read);
        assertThat(corrected.keySet()).containsExactlyInAnyOrderElementsOf(lateKeys);
        corrected.forEach((key, r) -> {
            ExpectedResults.Cell cell = answer.get(key);
            assertThat(r.values().get("orders").asLong()).as("count of %s", key).isEqualTo(cell.count);
            assertThat(r.values().get("revenue").asText()).as("sum of %s", key).isEqualTo(cell.sum.toPlainString());
            assertThat(r.segments()).as("lineage to the segments with the late records").isNotEmpty();
        });

        // Corrected, the micro-batch side now agrees: nothing differs, nothing more is published.
        JsonNode again = reconcile().at("/result/reconciliation");
        assertThat(again.get("differing").asInt()).isZero();
        assertThat(again.get("matching").asInt()).isEqualTo(answer.size());
    }

    private static JsonNode reconcile() {
        return Callers.operator().body(Callers.range()).post("/reconcile").then().statusCode(200).extract()
                .as(JsonNode.class);
    }

    private static Map<String, ResultRecord> corrected(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, ResultRecord> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ResultRecord result = ResultRecord.parse(r.value());
            if (result.status() == ResultStatus.CORRECTED) {
                out.put(new String(r.key(), StandardCharsets.UTF_8), result);
            }
        }
        return out;
    }
}
