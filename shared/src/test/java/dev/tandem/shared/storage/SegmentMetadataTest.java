package dev.tandem.shared.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SegmentMetadataTest {

    private static String traceparent(int i) {
        return String.format("00-%032x-%016x-01", i + 1, i + 1);
    }

    @Test
    void aLandedSegmentsMetadataHasTheDocumentedKeysAndReadsBack() {
        SegmentMetadata m = SegmentMetadata.landed("orders", 12, "layout-1", "abc", traceparent(0), "run-1");

        assertThat(m.toMap()).isEqualTo(Map.of("tandem-pipeline", "orders", "tandem-records", "12",
                "tandem-layout", "layout-1", "tandem-trace-id", "abc", "tandem-traceparent", traceparent(0),
                "tandem-lineage-run", "run-1"));
        assertThat(SegmentMetadata.of(m.toMap())).isEqualTo(m);
        assertThat(SegmentMetadata.landed("orders", 1, "l", "", "", "").toMap()).containsOnlyKeys("tandem-pipeline",
                "tandem-records", "tandem-layout");
    }

    @Test
    void aCompactedSegmentLinksToEveryMergedMicroBatchUpToTheCap() {
        List<SegmentMetadata> merged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            merged.add(SegmentMetadata.landed("orders", 10, "layout-1", "t" + i, traceparent(i), "run-1"));
        }

        SegmentMetadata c = SegmentMetadata.compacted("orders", 200, merged);
        Map<String, String> map = c.toMap();

        assertThat(c.compactedFrom()).isEqualTo(20);
        assertThat(c.traceparent()).isEqualTo(traceparent(0));
        assertThat(c.lineageRun()).isEqualTo("run-1");
        assertThat(c.traceparents()).hasSize(SegmentMetadata.MAX_LINKED).startsWith(traceparent(0), traceparent(1));
        assertThat(map).containsEntry("tandem-compacted-from", "20").containsEntry("tandem-records", "200");
        int bytes = map.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        assertThat(bytes).as("S3 user metadata is at most 2 KB").isLessThan(2048);
        assertThat(SegmentMetadata.of(map)).isEqualTo(c);
        // Compacting compacted segments keeps the links of both.
        SegmentMetadata again = SegmentMetadata.compacted("orders", 400, List.of(c, c));
        assertThat(again.traceparents()).isEqualTo(c.traceparents());
    }

    @Test
    void segmentsWithoutMetadataOrWithOldKeysRead() {
        SegmentMetadata m = SegmentMetadata.of(Map.of("tandem-pipeline", "orders", "tandem-records", "x",
                "tandem-compacted-from", "3"));

        assertThat(m.records()).isZero();
        assertThat(m.compactedFrom()).isEqualTo(3);
        assertThat(m.traceparents()).isEmpty();
        assertThat(SegmentMetadata.of(Map.of()).pipeline()).isNull();
    }
}
