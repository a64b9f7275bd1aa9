package dev.tandem.shared.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.Json;
import dev.tandem.shared.state.SourceRanges.OffsetRange;
import dev.tandem.shared.testing.OrderEvents;

class LineageEventsTest {

    static final UUID RUN = UUID.fromString("0193a7b2-1111-7222-8333-944455556666");
    static final UUID PARENT = UUID.fromString("0193a7b2-aaaa-7bbb-8ccc-9ddddeeeefff");

    static LineageRun microBatch(LineageEventType type) {
        return new LineageRun("tandem", "orders.microbatch", RUN, type, Instant.parse("2026-11-25T10:00:00Z"),
                Optional.of(OrderEvents.ORDERS.currentSchema()),
                List.of(new KafkaInput("127.0.0.1:9092", "orders",
                        Map.of(0, new OffsetRange(100, 199), 3, new OffsetRange(7, 9)), new QualityCounts(95, 5, 2, 1))),
                List.of(),
                List.of(new ObjectDataset("tandem", "raw/orders", List.of("raw/orders/date=2026-11-25/hour=10/a"), 95,
                        4096)),
                Optional.empty(), Optional.empty());
    }

    @Test
    void shouldDescribeAMicroBatchWithOffsetsSchemaQualityAndSegments() throws Exception {
        JsonNode event = Json.mapper().readTree(
                io.openlineage.client.OpenLineageClientUtils.toJson(LineageEvents.toRunEvent(microBatch(LineageEventType.RUNNING))));

        assertThat(event.get("eventType").asText()).isEqualTo("RUNNING");
        assertThat(event.at("/run/runId").asText()).isEqualTo(RUN.toString());
        assertThat(event.at("/job/namespace").asText()).isEqualTo("tandem");
        assertThat(event.at("/job/name").asText()).isEqualTo("orders.microbatch");
        JsonNode input = event.at("/inputs/0");
        assertThat(input.get("namespace").asText()).isEqualTo("kafka://127.0.0.1:9092");
        assertThat(input.get("name").asText()).isEqualTo("orders");
        assertThat(input.at("/facets/schema/fields").findValuesAsText("name")).contains("orderId", "amount", "id");
        assertThat(input.at("/inputFacets/tandem_offsets/partitions/0/first").asLong()).isEqualTo(100);
        assertThat(input.at("/inputFacets/tandem_offsets/partitions/3/last").asLong()).isEqualTo(9);
        assertThat(input.at("/inputFacets/tandem_quality/invalid").asLong()).isEqualTo(5);
        assertThat(input.at("/inputFacets/dataQualityMetrics/rowCount").asLong()).isEqualTo(95);
        JsonNode output = event.at("/outputs/0");
        assertThat(output.get("namespace").asText()).isEqualTo("s3://tandem");
        assertThat(output.at("/facets/tandem_objects/keys/0").asText()).isEqualTo("raw/orders/date=2026-11-25/hour=10/a");
        assertThat(output.at("/outputFacets/outputStatistics/rowCount").asLong()).isEqualTo(95);
    }

    @Test
    void shouldNameTheParentRunAndTheErrorOfAFailedBatchRun() throws Exception {
        LineageRun failed = new LineageRun("tandem", "orders.recompute", RUN, LineageEventType.FAIL,
                Instant.parse("2026-11-25T11:00:00Z"), Optional.empty(), List.of(),
                List.of(new ObjectDataset("tandem", "raw/orders", List.of("k1", "k2"), 10, 20)), List.of(),
                Optional.of(new LineageRun.ParentRun("tandem", "orders.microbatch", PARENT)),
                Optional.of("S3 read of k2 failed: 503"));

        JsonNode event = Json.mapper().readTree(
                io.openlineage.client.OpenLineageClientUtils.toJson(LineageEvents.toRunEvent(failed)));

        assertThat(event.at("/run/facets/parent/run/runId").asText()).isEqualTo(PARENT.toString());
        assertThat(event.at("/run/facets/parent/job/name").asText()).isEqualTo("orders.microbatch");
        assertThat(event.at("/run/facets/errorMessage/message").asText()).isEqualTo("S3 read of k2 failed: 503");
        assertThat(event.at("/inputs/0/name").asText()).isEqualTo("raw/orders");
    }

    @Test
    void shouldAppendEventsToAFileThroughTheClientsFileTransport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lineage.jsonl");
        try (LineageEmitter emitter = LineageEmitter.file(file)) {
            emitter.emit(microBatch(LineageEventType.START));
            emitter.emit(microBatch(LineageEventType.RUNNING));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(Json.mapper().readTree(lines.get(1)).get("eventType").asText()).isEqualTo("RUNNING");
    }

    @Test
    void shouldReportAnUnreachableHttpEndpointNamingTheRun() {
        try (LineageEmitter emitter = LineageEmitter.http(URI.create("http://127.0.0.1:1"))) {
            assertThatThrownBy(() -> emitter.emit(microBatch(LineageEventType.COMPLETE)))
                    .isInstanceOf(LineageEmitter.LineageException.class)
                    .hasMessageContaining("COMPLETE event of orders.microbatch run " + RUN)
                    .hasMessageContaining("http http://127.0.0.1:1");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
