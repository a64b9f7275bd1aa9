package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.SegmentKey;
import dev.tandem.shared.storage.SegmentMetadata;

/** Compacting small segments into larger ones without changing any result byte. */
class CompactionTest {

    private static final String LAYOUT = StateLayout.of(Orders.PIPELINE).fingerprint();

    @Test
    void compactionMergesSegmentsPerPartitionAndHourAndKeepsTheResultsByteForByte() {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        Manifest before = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        Map<java.time.Instant, byte[]> expected = ResultObjects.of(new ManifestFold(h.store, Orders.PIPELINE)
                .fold(before, FoldListener.NONE));

        Compaction.Outcome outcome = new Compaction(h.store, Orders.PIPELINE, 1_000).compact(before,
                FoldListener.NONE);

        assertThat(outcome.resultsEqual()).isTrue();
        assertThat(outcome.after().objects()).hasSizeLessThan(before.objects().size());
        assertThat(outcome.deleted()).isNotEmpty().allSatisfy(k -> assertThat(h.store.get(k)).isEmpty());
        assertThat(outcome.written()).isNotEmpty().allSatisfy(k -> assertThat(h.store.get(k)).isPresent());
        Manifest after = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        assertThat(after.objects()).extracting(ManifestEntry::key)
                .containsExactlyInAnyOrderElementsOf(outcome.after().objects().stream().map(ManifestEntry::key).toList());
        Map<java.time.Instant, byte[]> actual = ResultObjects.of(new ManifestFold(h.store, Orders.PIPELINE)
                .fold(after, FoldListener.NONE));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((hour, bytes) -> assertThat(actual.get(hour)).isEqualTo(bytes));
        for (String k : outcome.written()) {
            SegmentKey key = SegmentKey.parse(k);
            assertThat(key.lastOffset()).isGreaterThan(key.firstOffset());
            assertThat(h.store.read(k).orElseThrow().metadata()).containsEntry("tandem-pipeline", "orders");
        }
    }

    @Test
    void aCompactedSegmentKeepsTheTraceAndLineageLinksOfTheSegmentsItMerged() {
        BatchHarness h = new BatchHarness().traced().microBatch(3_000);
        Manifest before = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        Map<String, SegmentMetadata> original = new java.util.HashMap<>();
        before.objects().forEach(e -> original.put(e.key(), SegmentMetadata.of(h.store.read(e.key()).orElseThrow()
                .metadata())));
        assertThat(original.values()).allSatisfy(m -> assertThat(m.traceparent()).isNotNull());

        Compaction.Outcome outcome = new Compaction(h.store, Orders.PIPELINE, 1_000).compact(before,
                FoldListener.NONE);

        assertThat(outcome.written()).isNotEmpty();
        for (String k : outcome.written()) {
            SegmentKey key = SegmentKey.parse(k);
            List<SegmentMetadata> merged = original.entrySet().stream().filter(e -> {
                SegmentKey o = SegmentKey.parse(e.getKey());
                return o.partition() == key.partition() && o.hour().equals(key.hour())
                        && o.firstOffset() >= key.firstOffset() && o.lastOffset() <= key.lastOffset();
            }).map(Map.Entry::getValue).toList();
            SegmentMetadata m = SegmentMetadata.of(h.store.read(k).orElseThrow().metadata());
            assertThat(m.compactedFrom()).isEqualTo(merged.size()).isGreaterThan(1);
            assertThat(m.layout()).isEqualTo(LAYOUT);
            assertThat(m.traceparent()).isNotNull();
            assertThat(m.traceparents()).hasSize(Math.min(merged.size(), SegmentMetadata.MAX_LINKED))
                    .isSubsetOf(merged.stream().map(SegmentMetadata::traceparent).toList());
        }
    }

    @Test
    void segmentsAlreadyLargeEnoughAreKept() {
        BatchHarness h = new BatchHarness().microBatch(1_500);
        Manifest before = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);

        Compaction.Outcome outcome = new Compaction(h.store, Orders.PIPELINE, 1).compact(before, FoldListener.NONE);

        assertThat(outcome.resultsEqual()).isTrue();
        assertThat(outcome.written()).isEmpty();
        assertThat(outcome.deleted()).isEmpty();
        assertThat(outcome.after().objects()).containsExactlyInAnyOrderElementsOf(before.objects());
    }
}
