package dev.tandem.engine.batch.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.MicroBatchSettings;
import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.engine.testing.InMemoryPartitionLog;
import dev.tandem.engine.testing.MicroBatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.storage.ResultRecord;

/**
 * A live path that fell too far behind cuts its backlog and goes on from the head; the backfill
 * lands the cut and corrects the windows it touches. Compared with a clean run over the same
 * records (each followed by a reconcile): the same results, dead letters and landed records.
 */
class BackfillRunTest {

    private static final int RECORDS = 3_000;
    private static final int CUT_FROM = 900;
    private static final int HEAD = 2_100;
    private static final PipelineDefinition BACKFILLING = Orders.backfillingAfter(Duration.ofMinutes(1));
    private static final MicroBatchSettings SETTINGS = new MicroBatchSettings(false, 3, Duration.ofSeconds(5), 4);

    private static List<RawRecord> stream(int partition) {
        return Orders.stream(11, partition, 0, RECORDS, 100, 0.02, 0.02, 0.02);
    }

    private static InMemoryPartitionLog topic() {
        return new InMemoryPartitionLog().with(0, stream(0), RECORDS).with(1, stream(1), RECORDS);
    }

    /** The latest FINAL or CORRECTED value of every partial, as readers of the results topic see them. */
    private static Map<PartialKey, String> results(BatchHarness h) {
        Map<PartialKey, String> out = new TreeMap<>();
        h.results().read(BACKFILLING.resultsTopic(), BACKFILLING.name(), BatchHarness.FIRST_HOUR, Duration.ZERO)
                .forEach((k, r) -> out.put(k, r.values().toString()));
        return out;
    }

    private static List<String> landed(BatchHarness h) {
        List<String> out = new ArrayList<>();
        for (String key : h.store.keys("raw/")) {
            RawSegment.read(h.store.get(key).orElseThrow())
                    .forEach(e -> out.add(e.source().partition() + "@" + e.source().offset()));
        }
        return out.stream().sorted().toList();
    }

    private static BatchHarness clean() {
        BatchHarness h = new BatchHarness(new MicroBatchHarness(BACKFILLING, SETTINGS));
        MicroBatchProcessor live = h.micro.processor();
        for (int p = 0; p < 2; p++) {
            live.assign(p);
            MicroBatchHarness.feed(live, p, stream(p), 300);
        }
        return h;
    }

    /**
     * Partition 0 falls behind at {@link #CUT_FROM} with its end at {@link #HEAD}: its oldest unread
     * record is older than a minute, so the live path cuts and goes on from the head. Partition 1
     * runs through as in a clean run.
     */
    private static BatchHarness cutAt(int from, int head) {
        BatchHarness h = new BatchHarness(new MicroBatchHarness(BACKFILLING, SETTINGS));
        MicroBatchProcessor live = h.micro.processor();
        live.assign(0);
        live.assign(1);
        MicroBatchHarness.feed(live, 1, stream(1), 300);
        List<RawRecord> records = stream(0);
        MicroBatchHarness.feed(live, 0, records.subList(0, from), 300);
        live.observeEndOffsets(Map.of(0, (long) head));
        long oldest = records.get(from).timestampMs();
        h.clock.set(java.time.Instant.ofEpochMilli(oldest).plusSeconds(59));
        assertThat(live.cutIfBehind(0, records.get(from))).as("a backlog younger than backfillAfter is caught up")
                .isEmpty();
        h.clock.set(java.time.Instant.ofEpochMilli(oldest).plusSeconds(61));
        assertThat(live.cutIfBehind(0, records.get(from - 1))).as("a redelivered record says nothing of the backlog")
                .isEmpty();

        Optional<BackfillCut> cut = live.cutIfBehind(0, records.get(from));

        assertThat(cut).hasValueSatisfying(c -> {
            assertThat(c.fromOffset()).isEqualTo(from);
            assertThat(c.toOffset()).isEqualTo(head);
        });
        assertThat(live.nextOffsets()).containsEntry(0, (long) head);
        // Records of the cut the consumer had read already come again: skipped, never processed.
        assertThat(live.process(0, records.subList(from, from + 300)).skipped()).isEqualTo(300);
        MicroBatchHarness.feed(live, 0, records.subList(head, RECORDS), 300);
        return h;
    }

    @Test
    void afterTheBackfillResultsDeadLettersAndLandedRecordsAreThoseOfACleanRun() {
        BatchHarness clean = clean();
        clean.runs().reconcile(BatchHarness.FIRST_HOUR, "test", false);
        BatchHarness cut = cutAt(CUT_FROM, HEAD);
        assertThat(landed(cut)).as("before the backfill, the cut is not landed").hasSize(landed(clean).size()
                - (int) landed(clean).stream().filter(k -> k.startsWith("0@")).map(k -> Long.parseLong(k.substring(2)))
                        .filter(o -> o >= CUT_FROM && o < HEAD).count());

        RunStatus status = cut.runs(BACKFILLING, topic(), Duration.ofSeconds(1), 500).backfill("test", false);

        assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(RunState.SUCCEEDED);
        BackfillSummary summary = (BackfillSummary) status.result();
        assertThat(summary.cuts()).containsExactly(ObjectKeys.backfillCut("orders", "orders", 0, CUT_FROM));
        assertThat(summary.records()).isEqualTo(HEAD - CUT_FROM);
        assertThat(summary.reconcile().reconciliation().corrected()).isPositive();
        assertThat(summary.reconcile().reconciliation().missingInMicroBatch()).as("windows only the cut holds are corrected")
                .isZero();
        assertThat(cut.micro.deadLetterCoordinates()).containsExactlyInAnyOrderElementsOf(clean.micro.deadLetterCoordinates());
        assertThat(landed(cut)).isEqualTo(landed(clean));
        Map<PartialKey, String> expected = results(clean);
        Map<PartialKey, String> afterBackfill = results(cut);
        long inRange = expected.keySet().stream().filter(k -> k.partition() == 0
                && !k.window().start().isBefore(summary.from()) && !k.window().end().isAfter(summary.to()))
                .peek(k -> assertThat(afterBackfill.get(k)).as(k.toString()).isEqualTo(expected.get(k))).count();
        assertThat(inRange).as("partials of the cut's windows compared").isGreaterThan(10);

        cut.runs().reconcile(BatchHarness.FIRST_HOUR, "test", false);
        assertThat(results(cut)).isEqualTo(expected);
        RunStatus again = cut.runs(BACKFILLING, topic(), Duration.ofSeconds(1), 500).backfill("test", false);
        assertThat(((BackfillSummary) again.result()).cuts()).as("nothing left to backfill").isEmpty();
    }

    @Test
    void aBackfillLandedTwiceSendsEachDeadLetterOnceAndWritesTheSameSegments() {
        BatchHarness h = cutAt(CUT_FROM, HEAD);
        h.runs(BACKFILLING, topic(), Duration.ofSeconds(1), 500).backfill("test", false);
        List<String> deadLetters = h.micro.deadLetterCoordinates();
        List<String> segments = h.store.keys("raw/");
        // As if the first run had died before its completion: the cut is pending again.
        h.store.delete(List.of(ObjectKeys.backfillDone(ObjectKeys.backfillCut("orders", "orders", 0, CUT_FROM))));

        RunStatus again = h.runs(BACKFILLING, topic(), Duration.ofSeconds(1), 500).backfill("test", false);

        assertThat(again.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(((BackfillSummary) again.result()).deadLetters()).isZero();
        assertThat(h.micro.deadLetterCoordinates()).isEqualTo(deadLetters);
        assertThat(h.store.keys("raw/")).isEqualTo(segments);
    }

    @Test
    void aBackfillWaitsForTheLivePathToCloseTheCutsWindowsAndFailsResumablyIfItDoesNot() {
        BatchHarness h = new BatchHarness(new MicroBatchHarness(BACKFILLING, SETTINGS));
        MicroBatchProcessor live = h.micro.processor();
        live.assign(0);
        List<RawRecord> records = stream(0);
        MicroBatchHarness.feed(live, 0, records.subList(0, CUT_FROM), 300);
        live.observeEndOffsets(Map.of(0, (long) HEAD));
        h.clock.set(java.time.Instant.ofEpochMilli(records.get(CUT_FROM).timestampMs()).plusSeconds(120));
        live.cutIfBehind(0, records.get(CUT_FROM));
        // Nothing after the head yet: the live watermark is still that of offset 899.

        RunStatus failed = h.runs(BACKFILLING, topic(), Duration.ofMillis(100), 500).backfill("test", false);

        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.error()).contains("the live path of orders-0 has its watermark at")
                .contains("resume this run once the live path has moved on");
        assertThat(h.sink.results(BACKFILLING.resultsTopic())).noneMatch(r -> r.status().name().equals("CORRECTED"));
        MicroBatchHarness.feed(live, 0, records.subList(HEAD, RECORDS), 300);
        BatchRuns runs = h.runs(BACKFILLING, topic(), Duration.ofMillis(100), 500);
        RunStatus resumed = runs.resume(failed.runId(), "test", false);
        assertThat(resumed.state()).as(String.valueOf(resumed.error())).isEqualTo(RunState.SUCCEEDED);
        assertThat(runs.pendingBackfills()).isEmpty();
    }

    @Test
    void finalsOfWindowsTheCutMayHoldArePendingBackfillAlsoAfterARestore() {
        BatchHarness h = new BatchHarness(new MicroBatchHarness(BACKFILLING, SETTINGS));
        MicroBatchProcessor live = h.micro.processor();
        live.assign(0);
        List<RawRecord> records = stream(0);
        MicroBatchHarness.feed(live, 0, records.subList(0, CUT_FROM), 300);
        int beforeCut = h.sink.results(BACKFILLING.resultsTopic()).size();
        live.observeEndOffsets(Map.of(0, (long) HEAD));
        h.clock.set(java.time.Instant.ofEpochMilli(records.get(CUT_FROM).timestampMs()).plusSeconds(61));
        BackfillCut cut = live.cutIfBehind(0, records.get(CUT_FROM)).orElseThrow();
        MicroBatchHarness.feed(live, 0, records.subList(HEAD, RECORDS - 600), 300);
        // A restart: the restored partition knows the cut from S3, not from memory.
        MicroBatchProcessor restarted = h.micro.processor();
        restarted.assign(0);
        MicroBatchHarness.feed(restarted, 0, records.subList(RECORDS - 600, RECORDS), 300);
        restarted.advanceIdlePartitions();

        List<ResultRecord> all = h.sink.results(BACKFILLING.resultsTopic());
        assertThat(all.subList(0, beforeCut)).as("FINALs emitted before the cut").isNotEmpty()
                .noneMatch(ResultRecord::pendingBackfill);
        long lowest = cut.oldestProducedAt().toEpochMilli() - BACKFILLING.allowedLateness().toMillis();
        long highest = cut.decidedAt().toEpochMilli() + BACKFILLING.event().maxAhead().toMillis();
        List<ResultRecord> after = all.subList(beforeCut, all.size()).stream()
                .filter(r -> r.status() == dev.tandem.shared.storage.ResultStatus.FINAL).toList();
        assertThat(after).as("FINALs emitted after the cut").isNotEmpty().allSatisfy(r -> assertThat(r.pendingBackfill())
                .as("%s", r.window()).isEqualTo(r.window().endMs() > lowest && r.window().startMs() < highest));
        assertThat(after.subList(after.size() / 2, after.size())).as("also those of the restarted processor")
                .anyMatch(ResultRecord::pendingBackfill);
        assertThat(new String(after.get(0).toJson(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"status\":\"FINAL\",\"pendingBackfill\":true");
        assertThat(ResultRecord.parse(after.get(0).toJson())).isEqualTo(after.get(0));
    }

    @Test
    void aCutWrittenBeforeACrashIsCompletedByTheRestoreNotDecidedAgain() {
        MicroBatchHarness h = new MicroBatchHarness(BACKFILLING, SETTINGS);
        MicroBatchProcessor live = h.processor();
        live.assign(0);
        MicroBatchHarness.feed(live, 0, stream(0).subList(0, CUT_FROM), 300);
        // The crash came after the cut object was written and before the jump was checkpointed.
        BackfillCut cut = new BackfillCut("orders", "orders", 0, CUT_FROM, HEAD, h.clock.instant(), h.clock.instant());
        h.store.put(cut.key(), cut.toJson(), Map.of());

        MicroBatchProcessor restarted = h.processor();

        assertThat(restarted.assign(0)).hasValue(HEAD);
        assertThat(h.processor().assign(0)).as("the jump is checkpointed").hasValue(HEAD);
    }

    @Test
    void withoutAThresholdOrAKnownEndTheLivePathNeverCuts() {
        MicroBatchHarness plain = new MicroBatchHarness();
        MicroBatchProcessor live = plain.processor();
        live.assign(0);
        live.observeEndOffsets(Map.of(0, 5_000L));
        plain.clock.set(java.time.Instant.ofEpochMilli(Orders.BASE_MS).plus(Duration.ofDays(1)));
        assertThat(live.cutIfBehind(0, stream(0).get(0))).as("no freshness.backfillAfter").isEmpty();

        MicroBatchHarness backfilling = new MicroBatchHarness(BACKFILLING, SETTINGS);
        MicroBatchProcessor unknownEnd = backfilling.processor();
        unknownEnd.assign(0);
        backfilling.clock.set(java.time.Instant.ofEpochMilli(Orders.BASE_MS).plus(Duration.ofDays(1)));
        assertThat(unknownEnd.cutIfBehind(0, stream(0).get(0))).as("end offset never observed").isEmpty();
        unknownEnd.observeEndOffsets(Map.of(0, Long.MAX_VALUE));
        assertThat(unknownEnd.cutIfBehind(0, stream(0).get(0))).as("end offset not known yet").isEmpty();
    }
}
