package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.ObjectStore;

/** Cutting a range's raw segments into a manifest. */
class SegmentCatalogTest {

    @Test
    void aCutHoldsEverySegmentOfTheHoursTheRangeTouchesWithSizeAndEtag() {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        h.store.put("raw/orders/date=2026-11-25/hour=00/not-a-segment.txt", new byte[] {1}, Map.of());

        Manifest cut = new SegmentCatalog(h.store).cut("orders", "layout-x", BatchHarness.FIRST_HOUR);

        assertThat(cut.pipeline()).isEqualTo("orders");
        assertThat(cut.layout()).isEqualTo("layout-x");
        assertThat(cut.objects()).extracting(ManifestEntry::key)
                .containsExactlyElementsOf(h.store.keys("raw/orders/date=2026-11-25/hour=00/").stream()
                        .filter(k -> k.endsWith(".ndjson.gz")).toList());
        for (ManifestEntry e : cut.objects()) {
            ObjectStore.StoredObject o = h.store.read(e.key()).orElseThrow();
            assertThat(e.size()).isEqualTo(o.bytes().length);
            assertThat(e.etag()).isEqualTo(o.etag());
        }
    }

    @Test
    void segmentsOfOtherHoursAndLaterWritesAreNotInTheCut() {
        BatchHarness h = new BatchHarness().microBatch(1_000);
        Instant next = BatchHarness.FIRST_HOUR.to();
        Manifest cut = new SegmentCatalog(h.store).cut("orders", "l", new TimeRange(next, next.plus(Duration.ofHours(1))));

        assertThat(cut.objects()).isEmpty();
    }
}
