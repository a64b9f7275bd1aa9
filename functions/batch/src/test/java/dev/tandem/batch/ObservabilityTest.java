package dev.tandem.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.engine.batch.TimeRange;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.SegmentKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TestStack.class)
class ObservabilityTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    ObjectStore store;

    @Test
    void aRunIsASpanWithAChildPerSegmentLinkedToTheMicroBatchThatWroteItAndLineageNamesItsParent() throws Exception {
        // A segment as a traced micro-batch instance writes it, in an hour of its own.
        String source = store.list("raw/orders/").get(0).key();
        Instant hour = Instant.parse("2026-03-02T00:00:00Z");
        SegmentKey from = SegmentKey.parse(source);
        String key = new SegmentKey("orders", "orders", from.partition(), from.firstOffset(), from.lastOffset(), hour,
                dev.tandem.shared.definition.SegmentCodec.GZIP)
                .key();
        String microBatchRun = UUID.randomUUID().toString();
        store.put(key, store.get(source).orElseThrow(), Map.of("tandem-traceparent", "00-" + TRACE_ID + "-" + SPAN_ID
                + "-01", "tandem-lineage-run", microBatchRun));
        TimeRange range = new TimeRange(hour, hour.plusSeconds(3600));
        String runId = Callers.operator().body(Callers.range(range.from().toString(), range.to().toString()))
                .post("/recompute").then().statusCode(200).extract().path("runId");

        SpanData run = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("tandem.batch.recompute") && runId.equals(s.getAttributes()
                        .get(io.opentelemetry.api.common.AttributeKey.stringKey("tandem.run.id"))))
                .findFirst().orElse(null), s -> s != null);
        assertThat(run.getLinks()).extracting(LinkData::getSpanContext)
                .anySatisfy(c -> assertThat(c.getTraceId() + "/" + c.getSpanId()).isEqualTo(TRACE_ID + "/" + SPAN_ID));
        List<SpanData> reads = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(run.getSpanId()) && s.getName().equals("read-segment")).toList();
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).getLinks()).extracting(l -> l.getSpanContext().getTraceId()).containsExactly(TRACE_ID);

        List<JsonNode> events = await().atMost(Duration.ofSeconds(10)).until(() -> lineage(runId),
                l -> l.stream().anyMatch(e -> e.get("eventType").asText().equals("COMPLETE")));
        assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly("START", "COMPLETE");
        JsonNode complete = events.get(1);
        assertThat(complete.at("/run/facets/parent/run/runId").asText()).isEqualTo(microBatchRun);
        assertThat(complete.at("/run/facets/parent/job/name").asText()).isEqualTo("orders.microbatch");
        assertThat(complete.at("/inputs/0/name").asText()).isEqualTo("raw/orders");
        store.delete(List.of(key));
    }

    @Test
    void runDurationsRecordsAndReconciliationDriftArePublishedForPrometheus() throws Exception {
        String runId = RecomputeTest.recompute().get("runId").asText();
        List<JsonNode> events = await().atMost(Duration.ofSeconds(10)).until(() -> lineage(runId), l -> l.size() == 2);
        assertThat(events.get(1).at("/outputs/0/name").asText()).as("lineage names the results written")
                .isEqualTo("results/orders");
        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*tandem_batch_run_duration_seconds_count\\{kind=\"recompute\",pipeline=\"orders\","
                        + "state=\"SUCCEEDED\",?} [1-9].*"))
                .body(matchesPattern("(?s).*tandem_batch_records_total\\{pipeline=\"orders\",?} [1-9].*"))
                .body(containsString("tandem_batch_bytes_total{pipeline=\"orders\""))
                .body(containsString("tandem_batch_reconcile_differing{pipeline=\"orders\""))
                .body(containsString("tandem_batch_reconcile_unexplained{pipeline=\"orders\""))
                .body(containsString("tandem_batch_reconcile_corrections_total{pipeline=\"orders\""));
    }

    private static List<JsonNode> lineage(String runId) throws Exception {
        String uuid = UUID.nameUUIDFromBytes(runId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        if (!Files.exists(TestStack.lineageFile)) {
            return List.of();
        }
        return Files.readAllLines(TestStack.lineageFile).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.mapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(e -> e.at("/run/runId").asText().equals(uuid)).toList();
    }
}
