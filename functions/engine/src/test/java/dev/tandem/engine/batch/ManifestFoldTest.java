package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.SegmentKey;

/** Folding a manifest: the micro-batch's values plus the late records, deterministic bytes. */
class ManifestFoldTest {

    private static final String LAYOUT = StateLayout.of(Orders.PIPELINE).fingerprint();

    @Test
    void theFoldHasEveryRecordTheMicroBatchLandedAndCountsLateAndDuplicates() {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        Manifest cut = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        List<String> heard = new ArrayList<>();

        FoldedRange folded = new ManifestFold(h.store, Orders.PIPELINE).fold(cut, new FoldListener() {
            @Override
            public synchronized void segmentRead(String key, int records, long bytes, Map<String, String> metadata,
                    long nanos) {
                heard.add(key);
            }
        });

        assertThat(heard).containsExactlyInAnyOrderElementsOf(cut.objects().stream().map(ManifestEntry::key).toList());
        assertThat(folded.counts().segments()).isEqualTo(cut.objects().size());
        assertThat(folded.counts().records()).isPositive();
        assertThat(folded.counts().duplicates()).isPositive();
        assertThat(folded.counts().late()).isPositive();
        assertThat(folded.late()).isNotEmpty();
        assertThat(folded.partials()).containsOnlyKeys(0, 1);
        assertThat(folded.counts().windows()).isEqualTo(folded.complete().size());
        for (WindowResult r : folded.complete().results()) {
            assertThat(BatchHarness.FIRST_HOUR.containsWindow(r.window())).isTrue();
        }
    }

    @Test
    void theSameManifestAlwaysGivesTheSameResultBytes() {
        BatchHarness h = new BatchHarness().microBatch(2_000);
        Manifest cut = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        ManifestFold fold = new ManifestFold(h.store, Orders.PIPELINE);

        Map<java.time.Instant, byte[]> first = ResultObjects.of(fold.fold(cut, FoldListener.NONE));
        Map<java.time.Instant, byte[]> second = ResultObjects.of(fold.fold(Manifest.parse(cut.toJson()),
                FoldListener.NONE));

        assertThat(first).isNotEmpty().hasSameSizeAs(second);
        first.forEach((hour, bytes) -> assertThat(second.get(hour)).isEqualTo(bytes));
        assertThat(ResultObjects.read(first.values().iterator().next())).isNotEmpty();
    }

    @Test
    void aPartitionsNextSegmentIsReadWhileTheMergeStillWaitsForItsFirst() {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        Manifest cut = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        List<ManifestEntry> partition0 = cut.objects().stream()
                .filter(e -> SegmentKey.parse(e.key()).partition() == 0)
                .sorted(java.util.Comparator.comparingLong((ManifestEntry e) -> SegmentKey.parse(e.key()).firstOffset())
                        .thenComparing(ManifestEntry::key))
                .toList();
        assertThat(partition0).as("partition 0's segments").hasSizeGreaterThan(2);
        String first = partition0.get(0).key();
        String second = partition0.get(1).key();
        CountDownLatch secondRequested = new CountDownLatch(1);
        // The first GET answers only once the second has been asked for: a fold reading one segment
        // after another would wait here, and fail.
        h.store.beforeReads(key -> {
            if (key.equals(second)) {
                secondRequested.countDown();
            } else if (key.equals(first)) {
                try {
                    if (!secondRequested.await(10, TimeUnit.SECONDS)) {
                        throw new ObjectStore.ObjectStoreException("GET " + key + ": the next segment was never asked for",
                                null);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        });
        FoldedRange ahead = new ManifestFold(h.store, Orders.PIPELINE).fold(cut, FoldListener.NONE);
        h.store.beforeReads(key -> { });
        FoldedRange plain = new ManifestFold(h.store, Orders.PIPELINE).fold(cut, FoldListener.NONE);

        assertThat(ahead.counts()).isEqualTo(plain.counts());
        Map<java.time.Instant, byte[]> expected = ResultObjects.of(plain);
        ResultObjects.of(ahead).forEach((hour, bytes) -> assertThat(bytes).isEqualTo(expected.get(hour)));
    }

    @Test
    void aManifestOfAnotherPipelineOrLayoutIsRefusedSayingWhy() {
        BatchHarness h = new BatchHarness().microBatch(500);
        ManifestFold fold = new ManifestFold(h.store, Orders.PIPELINE);
        Manifest cut = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);

        assertThatThrownBy(() -> fold.fold(new Manifest("payments", cut.from(), cut.to(), LAYOUT, cut.objects()),
                FoldListener.NONE)).isInstanceOf(ManifestException.class).hasMessageContaining("'payments'");
        assertThatThrownBy(() -> fold.fold(new Manifest("orders", cut.from(), cut.to(), "old-layout", cut.objects()),
                FoldListener.NONE)).isInstanceOf(ManifestException.class).hasMessageContaining("old-layout")
                .hasMessageContaining("recompute the range");
    }

    @Test
    void aSegmentThatChangedOrVanishedSinceTheCutIsNamed() {
        BatchHarness h = new BatchHarness().microBatch(500);
        Manifest cut = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        String victim = cut.objects().get(0).key();
        h.store.delete(List.of(victim));

        assertThatThrownBy(() -> new ManifestFold(h.store, Orders.PIPELINE).fold(cut, FoldListener.NONE))
                .isInstanceOf(ManifestException.class).hasMessageContaining(victim);
    }
}
