package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.SegmentKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Compaction and retention: both change what is stored, neither may change a result. */
@QuarkusTest
@WithTestResource(TestStack.class)
class MaintenanceTest {

    @Inject
    ObjectStore store;

    @Test
    void compactionMakesFewerSegmentsAndRecomputeStillGivesTheSameBytes() {
        List<String> before = segments();
        JsonNode first = RecomputeTest.recompute();

        JsonNode compacted = Callers.operator().body(Callers.range()).post("/compact").then().statusCode(200).extract()
                .as(JsonNode.class).get("result");
        assertThat(compacted.get("resultsIdentical").asBoolean()).isTrue();
        assertThat(compacted.get("segmentsAfter").asInt()).as("one per partition and hour")
                .isLessThanOrEqualTo(2 * TestStack.SOURCE_PARTITIONS);
        List<String> after = segments();
        assertThat(after).hasSize(before.size() - compacted.get("deleted").asInt() + compacted.get("written").asInt());
        assertThat(after).as("the originals are gone").doesNotContainAnyElementsOf(
                before.stream().filter(k -> !after.contains(k)).toList()).hasSizeLessThan(before.size());

        JsonNode second = RecomputeTest.recompute();
        assertThat(second.at("/result/records").asLong()).isEqualTo(first.at("/result/records").asLong());
        assertThat(ResultBytes.of(store, second.get("runId").asText()))
                .isEqualTo(ResultBytes.of(store, first.get("runId").asText()));
    }

    @Test
    void retentionDeletesOnlyWhatExpired() {
        String recentSegment = segments().get(0);
        byte[] bytes = store.get(recentSegment).orElseThrow();
        Instant old = Instant.parse("2010-01-01T00:00:00Z");
        String oldSegment = new SegmentKey("orders", "orders", 0, 0, 9, old, dev.tandem.shared.definition.SegmentCodec.GZIP).key();
        store.put(oldSegment, bytes, Map.of());
        TimeRange oldRange = new TimeRange(old, old.plusSeconds(3600));
        String oldRun = "recompute-20100101T020000Z-00000000";
        String oldResult = ObjectKeys.resultObject("orders", oldRun, old);
        String oldStatus = ObjectKeys.status("orders", oldRun);
        String oldPointer = ObjectKeys.pointer("orders", oldRange.from(), oldRange.to());
        store.put(oldResult, bytes, Map.of());
        store.put(oldStatus, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        store.put(oldPointer, ("{\"runId\":\"" + oldRun + "\",\"from\":\"" + oldRange.from() + "\",\"to\":\""
                + oldRange.to() + "\"}").getBytes(StandardCharsets.UTF_8), Map.of());
        int segmentsBefore = segments().size();
        RecomputeTest.recompute();
        int pointersBefore = store.list(ObjectKeys.pointers("orders")).size();

        JsonNode result = Callers.operator().body("{\"pipeline\":\"orders\"}").post("/retention").then().statusCode(200)
                .extract().as(JsonNode.class).get("result");
        assertThat(result.get("rawSegmentsDeleted").asInt()).isEqualTo(1);
        assertThat(result.get("rawSegments").get(0).asText()).isEqualTo(oldSegment);
        assertThat(result.get("resultRuns").get(0).asText()).isEqualTo(oldRun);
        assertThat(result.get("resultObjectsDeleted").asInt()).isEqualTo(3);
        for (String gone : List.of(oldSegment, oldResult, oldStatus, oldPointer)) {
            assertThat(store.get(gone)).as(gone).isEmpty();
        }
        assertThat(segments()).hasSize(segmentsBefore - 1).contains(recentSegment);
        assertThat(store.list(ObjectKeys.pointers("orders"))).hasSize(pointersBefore - 1);
    }

    private List<String> segments() {
        List<String> keys = new ArrayList<>();
        store.list("raw/orders/").forEach(o -> keys.add(o.key()));
        return keys;
    }

}
