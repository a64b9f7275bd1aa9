package dev.tandem.shared.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.definition.SegmentCodec;

/** The bucket layout, which retention, readers and operators rely on. */
class ObjectKeysTest {

    @Test
    void everythingOfARunSitsUnderItsIdAndOnlyPointersAreShared() {
        assertThat(ObjectKeys.manifest("orders", "r1")).isEqualTo("runs/orders/r1/manifest.json");
        assertThat(ObjectKeys.status("orders", "r1")).isEqualTo("runs/orders/r1/status.json");
        assertThat(ObjectKeys.reconcileReport("orders", "r1")).isEqualTo("runs/orders/r1/reconcile.json");
        assertThat(ObjectKeys.compactedManifest("orders", "r1")).isEqualTo("runs/orders/r1/compacted-manifest.json");
        assertThat(ObjectKeys.resultObject("orders", "r1", Instant.parse("2026-11-25T07:00:00Z")))
                .isEqualTo("results/orders/runs/r1/date=2026-11-25/hour=07.ndjson.gz");
        assertThat(ObjectKeys.pointer("orders", Instant.parse("2026-11-25T07:00:00Z"),
                Instant.parse("2026-11-25T08:00:00Z")))
                .isEqualTo("results/orders/current/2026-11-25T07:00:00Z_2026-11-25T08:00:00Z.json");
    }

    @Test
    void segmentsAndCheckpointsLiveUnderTheirAreas() {
        Instant hour = Instant.parse("2026-11-25T07:00:00Z");
        assertThat(SegmentKey.hourPrefix("orders", hour)).startsWith(ObjectKeys.raw("orders"));
        assertThat(new SegmentKey("orders", "orders", 3, 1, 2, hour, SegmentCodec.GZIP).key()).startsWith(ObjectKeys.raw("orders"));
        assertThat(Checkpoint.prefix("orders", "orders", 3)).isEqualTo(ObjectKeys.checkpoints("orders", "orders", 3))
                .isEqualTo("checkpoints/orders/orders-3/");
        assertThat(ObjectKeys.audit("orders")).isEqualTo("audit/orders/");
        assertThat(ObjectKeys.rawDataset("orders")).isEqualTo("raw/orders");
        assertThat(ObjectKeys.resultsDataset("orders")).isEqualTo("results/orders");
    }

    @Test
    void backfillCutsAreKeyedByPartitionAndStartAndRoundTrip() {
        BackfillCut cut = new BackfillCut("orders", "orders", 3, 1200, 98_000, Instant.parse("2026-11-30T10:00:00Z"),
                Instant.parse("2026-11-30T09:40:00Z"));

        assertThat(cut.key()).isEqualTo("backfill/orders/orders-3/00000000000000001200.cut.json")
                .startsWith(ObjectKeys.backfillCuts("orders", "orders", 3)).startsWith(ObjectKeys.backfill("orders"));
        assertThat(cut.doneKey()).isEqualTo("backfill/orders/orders-3/00000000000000001200.done.json");
        assertThat(ObjectKeys.isBackfillCut(cut.key())).isTrue();
        assertThat(ObjectKeys.isBackfillCut(cut.doneKey())).isFalse();
        assertThat(BackfillCut.parse(cut.key(), cut.toJson())).isEqualTo(cut);
        assertThat(cut.offsets()).isEqualTo(96_800);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackfillCut.parse("k", "{}".getBytes()))
                .hasMessageContaining("Object k is not a backfill cut");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BackfillCut("orders", "orders", 3, 5, 5,
                Instant.EPOCH, Instant.EPOCH)).hasMessageContaining("at least one offset");
    }

    @Test
    void runIdsAreOneKeySegmentAndReplayReadsOnlyRunManifests() {
        assertThat(ObjectKeys.isRunId("recompute-20261130T120000Z-1a2b3c4d")).isTrue();
        assertThat(ObjectKeys.isRunId("r1")).isTrue();
        for (String bad : new String[] {"", "..", "../../etc/passwd", "/etc/passwd", "a/b", ".hidden", "x".repeat(129),
                "run id", "run\nid"}) {
            assertThat(ObjectKeys.isRunId(bad)).as("run id %s", bad).isFalse();
        }
        assertThat(ObjectKeys.isRunManifest("orders", ObjectKeys.manifest("orders", "r1"))).isTrue();
        assertThat(ObjectKeys.isRunManifest("orders", ObjectKeys.compactedManifest("orders", "r1"))).isTrue();
        for (String bad : new String[] {"../../etc/passwd", "/etc/passwd", "runs/orders/../x/manifest.json",
                "runs/orders/r1/status.json", "runs/payments/r1/manifest.json", "runs/orders/r1/x/manifest.json",
                "raw/orders/x.ndjson.gz"}) {
            assertThat(ObjectKeys.isRunManifest("orders", bad)).as("manifest %s", bad).isFalse();
        }
    }

    @Test
    void theRunOfAManifestKey() {
        assertThat(ObjectKeys.runOfManifest("orders", "runs/orders/r1/manifest.json")).hasValue("r1");
        assertThat(ObjectKeys.runOfManifest("orders", "runs/payments/r1/manifest.json")).isEmpty();
        assertThat(ObjectKeys.runOfManifest("orders", "runs/orders/a/b/manifest.json")).isEmpty();
        assertThat(ObjectKeys.runOfManifest("orders", "runs/orders//manifest.json")).isEmpty();
        assertThat(ObjectKeys.runOfManifest("orders", "elsewhere/manifest.json")).isEmpty();
    }
}
