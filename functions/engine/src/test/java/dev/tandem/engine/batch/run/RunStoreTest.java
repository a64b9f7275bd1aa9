package dev.tandem.engine.batch.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.testing.InMemoryObjectStore;

/** Run statuses kept in object storage, so any instance can report and resume them. */
class RunStoreTest {

    @Test
    void aStatusReadsBackEqualAtEveryStageOfARun() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        RunStore runs = new RunStore(store, "orders");
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        RunStatus started = RunStatus.started("recompute-1", "orders", RunKind.RECOMPUTE, t0, t0.plusSeconds(3_600),
                "alice", t0);
        RunStatus withManifest = started.withManifest("runs/orders/recompute-1/manifest.json", 12);
        RunStatus failed = withManifest.withProgress(new RunStatus.Progress(3, 12, 900)).failed("boom",
                t0.plusSeconds(5));
        RunStatus resumed = failed.resumed(t0.plusSeconds(60));

        for (RunStatus s : new RunStatus[] {started, withManifest, failed, resumed}) {
            runs.save(s);
            assertThat(runs.load("recompute-1")).contains(s);
        }
        assertThat(store.keys()).containsExactly(ObjectKeys.status("orders", "recompute-1"));
        assertThat(failed.durationMs()).isEqualTo(5_000L);
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(resumed.error()).isNull();
        assertThat(runs.load("recompute-2")).isEmpty();
    }

    @Test
    void timesAreIsoTextAndTheSummaryReadsBackAsItsKindsRecord() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        RunStore runs = new RunStore(store, "orders");
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        RecomputeSummary summary = new RecomputeSummary("m", 3, 100, 90, 2, 1, 7, "p", java.util.List.of("r1"),
                new ReconcileSummary(7, 7, 6, 5, 1, 1, 0, 1, 1, 0, "report"));
        RunStatus done = RunStatus.started("reconcile-1", "orders", RunKind.RECONCILE, t0, t0.plusSeconds(3_600),
                "schedule", t0).succeeded(summary, t0.plusMillis(1_500));

        runs.save(done);

        var json = dev.tandem.shared.record.Json.mapper().readTree(store.get(ObjectKeys.status("orders", "reconcile-1"))
                .orElseThrow());
        assertThat(json.path("from").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(json.path("finishedAt").asText()).isEqualTo("2026-11-25T10:00:01.500Z");
        assertThat(json.path("durationMs").asLong()).isEqualTo(1_500);
        assertThat(json.at("/result/reconciliation/corrected").asInt()).isEqualTo(1);
        assertThat(json.has("error")).isFalse();
        assertThat(runs.load("reconcile-1")).get().extracting(RunStatus::result).isEqualTo(summary);
    }

    @Test
    void aSummaryOfAnotherKindIsRefused() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        RunStatus started = RunStatus.started("retention-1", "orders", RunKind.RETENTION, null, null, "ops", t0);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> started.succeeded(new CompactSummary("m", "c", 2, 1,
                10, 9, 1, 2, true), t0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RetentionSummary");
    }
}
