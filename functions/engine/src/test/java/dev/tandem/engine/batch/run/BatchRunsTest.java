package dev.tandem.engine.batch.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/** The run manager: recompute, replay, reconcile, compact, retention and resume over in-memory storage. */
class BatchRunsTest {

    private static JsonNode summary(RunStatus status) {
        return Json.mapper().valueToTree(status.result());
    }

    @Test
    void aRecomputeCutsAManifestWritesResultsAndPublishesThePointerLast() throws Exception {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        try (BatchRuns runs = h.runs()) {
            RunStatus done = runs.recompute(BatchHarness.FIRST_HOUR, "alice", false);

            assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(done.requestedBy()).isEqualTo("alice");
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.manifest()).isEqualTo(ObjectKeys.manifest("orders", done.runId()));
            assertThat(done.progress().segmentsDone()).isEqualTo(done.progress().segmentsTotal()).isPositive();
            JsonNode s = summary(done);
            assertThat(s.path("records").asLong()).isPositive();
            assertThat(s.path("late").asLong()).isPositive();
            assertThat(s.path("pointer").asText()).isEqualTo(ObjectKeys.pointer("orders", BatchHarness.FIRST_HOUR.from(), BatchHarness.FIRST_HOUR.to()));
            assertThat(s.path("resultObjects")).isNotEmpty().allSatisfy(k -> assertThat(h.store.get(k.asText()))
                    .isPresent());
            JsonNode pointer = Json.mapper().readTree(h.store.get(s.path("pointer").asText()).orElseThrow());
            assertThat(pointer.path("runId").asText()).isEqualTo(done.runId());
            assertThat(pointer.path("manifest").asText()).isEqualTo(done.manifest());
            assertThat(runs.status(done.runId())).contains(done);
        }
    }

    @Test
    void aReplayOfARunsManifestGivesIdenticalResultsUnpublished() {
        BatchHarness h = new BatchHarness().microBatch(2_000);
        try (BatchRuns runs = h.runs()) {
            RunStatus original = runs.recompute(BatchHarness.FIRST_HOUR, "alice", false);
            String pointer = h.store.text(ObjectKeys.pointer("orders", BatchHarness.FIRST_HOUR.from(), BatchHarness.FIRST_HOUR.to()));

            RunStatus replay = runs.replay(original.manifest(), "bob", false);

            assertThat(replay.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(summary(replay).path("originalRun").asText()).isEqualTo(original.runId());
            assertThat(summary(replay).path("identicalToOriginal").asBoolean()).isTrue();
            assertThat(h.store.text(ObjectKeys.pointer("orders", BatchHarness.FIRST_HOUR.from(), BatchHarness.FIRST_HOUR.to()))).isEqualTo(pointer);
            assertThat(h.store.contents(ObjectKeys.results("orders", replay.runId())).values())
                    .containsExactlyElementsOf(h.store.contents(ObjectKeys.results("orders", original.runId()))
                            .values());
        }
    }

    @Test
    void aReconcilePublishesCorrectionsForTheLateRecordsAndWritesItsReport() {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        int before = h.sink.sent("orders.results").size();
        try (BatchRuns runs = h.runs()) {
            RunStatus done = runs.reconcile(BatchHarness.FIRST_HOUR, "schedule", false);

            JsonNode rec = summary(done).path("reconciliation");
            assertThat(rec.path("corrected").asInt()).isPositive();
            assertThat(rec.path("unexplained").asInt()).isZero();
            List<ResultRecord> corrections = h.sink.results("orders.results").subList(before,
                    h.sink.sent("orders.results").size());
            assertThat(corrections).hasSize(rec.path("corrected").asInt())
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.CORRECTED));
            assertThat(h.store.get(rec.path("report").asText())).isPresent();

            // Corrected: a second reconcile finds nothing left to correct.
            RunStatus again = runs.reconcile(BatchHarness.FIRST_HOUR, "schedule", false);
            assertThat(summary(again).path("reconciliation").path("corrected").asInt()).isZero();
        }
    }

    @Test
    void aFailedRunIsRecordedAndResumesUnderItsIdToACleanRunsBytes() {
        BatchHarness clean = new BatchHarness().microBatch(2_000);
        RunStatus cleanRun;
        try (BatchRuns runs = clean.runs()) {
            cleanRun = runs.recompute(BatchHarness.FIRST_HOUR, "alice", false);
        }
        BatchHarness h = new BatchHarness().microBatch(2_000);
        try (BatchRuns runs = h.runs()) {
            h.store.failPuts(k -> k.startsWith("results/"));
            RunStatus failed = runs.recompute(BatchHarness.FIRST_HOUR, "alice", false);
            assertThat(failed.state()).isEqualTo(RunState.FAILED);
            assertThat(failed.error()).contains("injected");
            assertThat(h.store.get(ObjectKeys.pointer("orders", BatchHarness.FIRST_HOUR.from(), BatchHarness.FIRST_HOUR.to()))).isEmpty();

            h.store.failPuts(k -> false);
            RunStatus resumed = runs.resume(failed.runId(), "alice", false);

            assertThat(resumed.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(resumed.runId()).isEqualTo(failed.runId());
            assertThat(resumed.attempts()).isEqualTo(2);
            assertThat(h.store.contents(ObjectKeys.results("orders", resumed.runId())).values())
                    .containsExactlyElementsOf(clean.store.contents(ObjectKeys.results("orders", cleanRun.runId()))
                            .values());
            assertThatThrownBy(() -> runs.resume(failed.runId(), "alice", false))
                    .isInstanceOf(RunConflictException.class).hasMessageContaining("already succeeded");
        }
    }

    @Test
    void aFailureS3RefusedToRecordIsRecordedAtTheNextCallAndTheRunResumes() {
        BatchHarness h = new BatchHarness().microBatch(2_000);
        try (BatchRuns runs = h.runs()) {
            // S3 goes away mid-run: the results and every later status write fail, the FAILED one too.
            java.util.concurrent.atomic.AtomicInteger statusWrites = new java.util.concurrent.atomic.AtomicInteger();
            h.store.failPuts(k -> k.startsWith("results/")
                    || k.endsWith("/status.json") && statusWrites.incrementAndGet() > 1);
            RunStatus failed = runs.recompute(BatchHarness.FIRST_HOUR, "alice", false);
            assertThat(failed.state()).isEqualTo(RunState.FAILED);
            String key = ObjectKeys.status("orders", failed.runId());
            assertThat(h.store.text(key)).as("what S3 holds while it refuses writes").contains("\"RUNNING\"");

            h.store.failPuts(k -> false);
            assertThat(runs.status(failed.runId())).map(RunStatus::state).contains(RunState.FAILED);
            assertThat(h.store.text(key)).contains("\"FAILED\"").contains("injected");
            RunStatus resumed = runs.resume(failed.runId(), "alice", false);
            assertThat(resumed.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(resumed.attempts()).isEqualTo(2);
            assertThat(runs.status(failed.runId())).map(RunStatus::state).as("not overwritten by the old failure")
                    .contains(RunState.SUCCEEDED);
        }
    }

    @Test
    void unknownRunsAndManifestsAreNamedInTheError() {
        BatchHarness h = new BatchHarness();
        try (BatchRuns runs = h.runs()) {
            assertThatThrownBy(() -> runs.resume("recompute-nope", "alice", false))
                    .isInstanceOf(RunNotFoundException.class).hasMessageContaining("recompute-nope");
            assertThatThrownBy(() -> runs.replay("runs/orders/nope/manifest.json", "alice", false))
                    .isInstanceOf(RunNotFoundException.class).hasMessageContaining("runs/orders/nope/manifest.json");
            assertThat(runs.status("recompute-nope")).isEmpty();
        }
    }

    @Test
    void compactAndRetentionRunsSummariseWhatTheyDid() {
        BatchHarness h = new BatchHarness().microBatch(3_000);
        try (BatchRuns runs = h.runs(RunObserver.NONE, 1_000)) {
            RunStatus compact = runs.compact(BatchHarness.FIRST_HOUR, "ops", false);
            assertThat(compact.state()).isEqualTo(RunState.SUCCEEDED);
            JsonNode c = summary(compact);
            assertThat(c.path("segmentsAfter").asInt()).isLessThan(c.path("segmentsBefore").asInt());
            assertThat(c.path("resultsIdentical").asBoolean()).isTrue();

            h.clock.advance(java.time.Duration.ofDays(31));
            RunStatus retention = runs.retention("schedule");
            assertThat(retention.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(summary(retention).path("rawSegmentsDeleted").asInt()).isPositive();
            assertThat(h.store.keys("raw/")).isEmpty();
        }
    }
}
