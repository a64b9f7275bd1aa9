package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.testing.InMemoryObjectStore;

/** Deleting what the pipeline's retention says has expired, and nothing else. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void expiredSegmentsAndPublishedRunsGoAndTheRestStays() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        String oldSegment = "raw/orders/date=2026-11-25/hour=09/orders-0-" + "0".repeat(20) + "-" + "0".repeat(19)
                + "9.ndjson.gz";
        String newSegment = "raw/orders/date=2026-11-25/hour=11/orders-0-" + "0".repeat(18) + "10-" + "0".repeat(18)
                + "19.ndjson.gz";
        store.put(oldSegment, new byte[] {1}, Map.of());
        store.put(newSegment, new byte[] {2}, Map.of());
        TimeRange oldRange = new TimeRange(Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-11-20T01:00:00Z"));
        TimeRange newRange = new TimeRange(Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T11:00:00Z"));
        publish(store, oldRange, "recompute-old");
        publish(store, newRange, "recompute-new");
        String oldLetter = ObjectKeys.deadLetterPayload("orders", "orders", 0, 7, Instant.parse("2026-11-24T23:59:00Z"));
        String newLetter = ObjectKeys.deadLetterPayload("orders", "orders", 0, 8, Instant.parse("2026-11-25T00:01:00Z"));
        store.put(oldLetter, new byte[] {3}, Map.of());
        store.put(newLetter, new byte[] {4}, Map.of());
        BackfillCut oldDone = new BackfillCut("orders", "orders", 0, 0, 10, Instant.parse("2026-11-25T09:00:00Z"),
                Instant.parse("2026-11-25T08:00:00Z"));
        BackfillCut oldPending = new BackfillCut("orders", "orders", 1, 0, 10, Instant.parse("2026-11-25T09:00:00Z"),
                Instant.parse("2026-11-25T08:00:00Z"));
        BackfillCut newDone = new BackfillCut("orders", "orders", 2, 0, 10, Instant.parse("2026-11-25T11:00:00Z"),
                Instant.parse("2026-11-25T10:30:00Z"));
        for (BackfillCut c : List.of(oldDone, oldPending, newDone)) {
            store.put(c.key(), c.toJson(), Map.of());
        }
        store.put(oldDone.doneKey(), new byte[] {5}, Map.of());
        store.put(newDone.doneKey(), new byte[] {6}, Map.of());

        Retention.Outcome outcome = new Retention(store).apply("orders", Duration.ofHours(2), Duration.ofDays(2), NOW);

        assertThat(outcome.rawSegments()).containsExactly(oldSegment);
        assertThat(outcome.deadLetterPayloads()).as("filed under a day that ended before the raw cutoff")
                .containsExactly(oldLetter);
        assertThat(store.keys()).contains(newLetter);
        assertThat(outcome.backfillCuts()).as("completed and decided before the raw cutoff").containsExactly(oldDone.key());
        assertThat(store.keys()).doesNotContain(oldDone.key(), oldDone.doneKey())
                .as("a pending cut stays, however old; a recent one too")
                .contains(oldPending.key(), newDone.key(), newDone.doneKey());
        assertThat(outcome.resultRuns()).containsExactly("recompute-old");
        assertThat(outcome.rawCutoff()).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(outcome.resultsCutoff()).isEqualTo(NOW.minus(Duration.ofDays(2)));
        assertThat(store.keys()).contains(newSegment, ObjectKeys.pointer("orders", newRange.from(), newRange.to()),
                ObjectKeys.manifest("orders", "recompute-new")).doesNotContain(oldSegment,
                        ObjectKeys.pointer("orders", oldRange.from(), oldRange.to()), ObjectKeys.manifest("orders", "recompute-old"))
                .noneMatch(k -> k.startsWith(ObjectKeys.results("orders", "recompute-old")));
        assertThat(outcome.resultObjects()).contains(ObjectKeys.pointer("orders", oldRange.from(), oldRange.to()),
                ObjectKeys.manifest("orders", "recompute-old"));
    }

    private static void publish(InMemoryObjectStore store, TimeRange range, String runId) {
        store.put(ObjectKeys.manifest("orders", runId), new byte[] {0}, Map.of());
        store.put(ObjectKeys.resultObject("orders", runId, range.from()), new byte[] {0}, Map.of());
        store.put(ObjectKeys.pointer("orders", range.from(), range.to()), new ResultsPointer("orders", range.from(), range.to(), runId,
                ObjectKeys.manifest("orders", runId), 1, range.to(), java.util.List.of(ObjectKeys.resultObject("orders",
                        runId, range.from()))).toJson(), Map.of());
    }
}
