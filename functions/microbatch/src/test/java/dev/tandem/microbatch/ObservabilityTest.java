package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Spans, their links to producers, trace ids on segments, and the metrics at /q/metrics. */
@QuarkusTest
@TestProfile(PushOnly.class)
@WithTestResource(TestStack.class)
class ObservabilityTest {

    static final int PARTITION = 11;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    S3Client s3;

    @Test
    void aMicroBatchSpanLinksToEveryProducerAndHasAChildSpanPerStep() {
        ObjectNode payload = PushTriggerTest.lambdaPayload(PARTITION, 0, 4);
        ArrayNode records = (ArrayNode) payload.get("records").get(PushOnly.TOPIC + "-" + PARTITION);
        List<String> traceIds = List.of("0af7651916cd43dd8448eb211c80319c", "1bf7651916cd43dd8448eb211c80319d",
                "2cf7651916cd43dd8448eb211c80319e", "3df7651916cd43dd8448eb211c80319f");
        for (int i = 0; i < records.size(); i++) {
            String traceparent = "00-" + traceIds.get(i) + "-b7ad6b716920333" + i + "-01";
            ArrayNode bytes = ((ObjectNode) records.get(i)).putArray("headers").addObject().putArray("traceparent");
            traceparent.chars().forEach(bytes::add);
        }

        given().contentType("application/json").body(payload.toString()).when().post("/push").then().statusCode(200);

        SpanData batch = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(PushOnly.TOPIC + " process")
                        && String.valueOf(PARTITION).equals(s.getAttributes().get(
                                AttributeKey.stringKey("messaging.destination.partition.id"))))
                .findFirst().orElse(null), s -> s != null);
        assertThat(batch.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(batch.getLinks()).extracting(LinkData::getSpanContext).extracting(c -> c.getTraceId())
                .containsExactlyInAnyOrderElementsOf(traceIds);
        assertThat(batch.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(4L);
        assertThat(batch.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")))
                .isEqualTo("tandem-microbatch-orders");
        assertThat(batch.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
        Map<String, SpanData> children = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getParentSpanId().equals(batch.getSpanId()))
                .collect(Collectors.toMap(SpanData::getName, s -> s, (a, b) -> a));
        assertThat(children).containsKeys("validate", "dead-letter", "land", "fold", "emit", "checkpoint");

        S3Object segment = s3.listObjectsV2Paginator(b -> b.bucket("tandem").prefix("raw/orders/")).contents().stream()
                .filter(o -> o.key().contains("/" + PushOnly.TOPIC + "-" + PARTITION + "-")).findFirst().orElseThrow();
        Map<String, String> metadata = s3.headObject(b -> b.bucket("tandem").key(segment.key())).metadata();
        assertThat(metadata).containsEntry("tandem-trace-id", batch.getTraceId())
                .containsEntry("tandem-traceparent", "00-" + batch.getTraceId() + "-" + batch.getSpanId() + "-01")
                .containsEntry("tandem-pipeline", "orders").containsEntry("tandem-records", "4")
                .as("the lineage run a batch run names as its parent").containsKey("tandem-lineage-run");
    }

    @Test
    void metricsArePublishedForPrometheus() {
        given().contentType("application/json").body(PushTriggerTest.lambdaPayload(PARTITION + 1, 0, 3).toString())
                .when().post("/push").then().statusCode(200);

        given().accept("text/plain").when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*tandem_microbatch_records_in_total\\{pipeline=\"orders\",?} [1-9].*"))
                .body(containsString("tandem_microbatch_records_invalid_total{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_records_late_total{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_records_duplicate_total{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_batch_size_count{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_batch_duration_seconds_count{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_freshness_seconds_bucket{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_s3_put_seconds_count{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_s3_put_bytes_total{pipeline=\"orders\""))
                .body(containsString("tandem_microbatch_checkpoint_duration_seconds_count{pipeline=\"orders\""))
                // The freshness objective's error budget, per trailing window, and the objective itself.
                .body(containsString("tandem_microbatch_slo_burn_rate{pipeline=\"orders\",window=\"5m\""))
                .body(containsString("tandem_microbatch_slo_burn_rate{pipeline=\"orders\",window=\"1h\""))
                .body(containsString("tandem_microbatch_slo_error_budget_remaining{pipeline=\"orders\",window=\"6h\""))
                .body(matchesPattern("(?s).*tandem_microbatch_slo_target\\{pipeline=\"orders\",?} 0\\.99\n.*"))
                .body(matchesPattern("(?s).*tandem_microbatch_slo_latency_seconds\\{pipeline=\"orders\",?} 5\\.0\n.*"))
                .body(containsString("tandem_microbatch_watermark_lag_seconds{partition=\"" + (PARTITION + 1)
                        + "\",pipeline=\"orders\""))
                // Three records, three ids remembered for the dedupe horizon.
                .body(matchesPattern("(?s).*tandem_microbatch_state_dedupe_ids\\{partition=\"" + (PARTITION + 1)
                        + "\",pipeline=\"orders\",?} 3\\.0\n.*"))
                .body(containsString("tandem_microbatch_state_open_rows{partition=\"" + (PARTITION + 1)));
    }
}
