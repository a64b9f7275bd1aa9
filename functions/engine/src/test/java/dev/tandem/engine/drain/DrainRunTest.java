package dev.tandem.engine.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.testing.InMemoryPartitionLog;
import dev.tandem.engine.testing.MicroBatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.definition.FreshnessObjective;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.storage.RawSegment;

class DrainRunTest {

    private static final int RECORDS = 3_000;

    private static List<RawRecord> stream(int partition) {
        return Orders.stream(7, partition, 0, RECORDS, 200, 0.02, 0.02, 0.02);
    }

    private static List<String> finals(MicroBatchHarness h) {
        return h.sink.results(h.definition.resultsTopic()).stream().map(Object::toString).sorted().toList();
    }

    /** partition@offset of every record in a raw segment, sorted (segment keys follow batch boundaries). */
    private static List<String> landed(MicroBatchHarness h) {
        List<String> out = new ArrayList<>();
        for (String key : h.store.keys("raw/")) {
            RawSegment.read(h.store.get(key).orElseThrow())
                    .forEach(e -> out.add(e.source().partition() + "@" + e.source().offset()));
        }
        return out.stream().sorted().toList();
    }

    @Test
    void aDrainGivesTheResultsDeadLettersAndSegmentsOfALiveRun() {
        MicroBatchHarness live = new MicroBatchHarness();
        MicroBatchProcessor liveProcessor = live.processor();
        for (int p = 0; p < 2; p++) {
            liveProcessor.assign(p);
            MicroBatchHarness.feed(liveProcessor, p, stream(p), 137);
        }
        MicroBatchHarness drained = new MicroBatchHarness();
        MicroBatchProcessor processor = drained.processor();
        InMemoryPartitionLog log = new InMemoryPartitionLog().with(0, stream(0), RECORDS).with(1, stream(1), RECORDS);

        DrainSummary summary = new DrainRun(processor, log, 500, drained.clock).run(DrainRun.Progress.NONE);

        assertThat(finals(drained)).isNotEmpty().isEqualTo(finals(live));
        assertThat(drained.deadLetterCoordinates()).containsExactlyInAnyOrderElementsOf(live.deadLetterCoordinates());
        assertThat(landed(drained)).isNotEmpty().isEqualTo(landed(live));
        assertThat(summary.records()).isEqualTo(2L * RECORDS);
        assertThat(summary.batches()).isEqualTo(12);
        assertThat(summary.invalid()).isEqualTo(drained.deadLetterCoordinates().size());
        assertThat(summary.windows()).isEqualTo(finals(drained).size());
        assertThat(summary.partitions()).extracting(d -> d.partition() + ":" + d.fromOffset() + "-" + d.toOffset())
                .containsExactly("0:0-3000", "1:0-3000");
        assertThat(processor.owns(0) || processor.owns(1)).as("partitions let go after the drain").isFalse();
    }

    @Test
    void recordsProducedAfterTheStartWaitForTheNextDrainWhichContinuesFromTheCheckpoints() {
        MicroBatchHarness clean = new MicroBatchHarness();
        InMemoryPartitionLog all = new InMemoryPartitionLog().with(0, stream(0), RECORDS);
        new DrainRun(clean.processor(), all, 1_000, clean.clock).run(DrainRun.Progress.NONE);

        MicroBatchHarness twice = new MicroBatchHarness();
        InMemoryPartitionLog growing = new InMemoryPartitionLog().with(0, stream(0), 1_800);
        DrainSummary first = new DrainRun(twice.processor(), growing, 1_000, twice.clock).run(DrainRun.Progress.NONE);
        growing.visible.put(0, RECORDS);
        // A new process: nothing in memory, only the checkpoints in the store.
        DrainSummary second = new DrainRun(twice.processor(), growing, 1_000, twice.clock).run(DrainRun.Progress.NONE);

        assertThat(first.partitions()).singleElement().satisfies(d -> assertThat(d.toOffset()).isEqualTo(1_800));
        assertThat(second.partitions()).singleElement().satisfies(d -> {
            assertThat(d.fromOffset()).isEqualTo(1_800);
            assertThat(d.toOffset()).isEqualTo(RECORDS);
        });
        assertThat(first.records() + second.records()).isEqualTo(RECORDS);
        assertThat(finals(twice)).isEqualTo(finals(clean));
        assertThat(twice.deadLetterCoordinates()).isEqualTo(clean.deadLetterCoordinates());
    }

    @Test
    void aSecondDrainWithNothingNewDoesNothing() {
        MicroBatchHarness h = new MicroBatchHarness();
        InMemoryPartitionLog log = new InMemoryPartitionLog().with(0, stream(0), RECORDS);
        new DrainRun(h.processor(), log, 1_000, h.clock).run(DrainRun.Progress.NONE);
        int results = finals(h).size();

        DrainSummary again = new DrainRun(h.processor(), log, 1_000, h.clock).run(DrainRun.Progress.NONE);

        assertThat(again.records()).isZero();
        assertThat(again.batches()).isZero();
        assertThat(finals(h)).hasSize(results);
    }

    @Test
    void aDrainClosesTheWindowsOfPartitionsThatWentQuietAsTheIdleRuleDoesForALiveConsumer() {
        // Live: everything processed, then a day of silence and the idle rule.
        MicroBatchHarness live = new MicroBatchHarness();
        MicroBatchProcessor liveProcessor = live.processor();
        for (int p = 0; p < 2; p++) {
            liveProcessor.assign(p);
            MicroBatchHarness.feed(liveProcessor, p, stream(p), 500);
        }
        live.clock.advance(Duration.ofDays(1));
        liveProcessor.advanceIdlePartitions();

        MicroBatchHarness drained = new MicroBatchHarness();
        InMemoryPartitionLog log = new InMemoryPartitionLog().with(0, stream(0), RECORDS).with(1, stream(1), RECORDS);
        long lastProduced = Math.max(stream(0).get(RECORDS - 1).timestampMs(), stream(1).get(RECORDS - 1).timestampMs());
        // Drained a second after the last record was produced: nothing has gone quiet yet.
        drained.clock.set(java.time.Instant.ofEpochMilli(lastProduced + 1_000));
        DrainSummary first = new DrainRun(drained.processor(), log, 1_000, drained.clock).run(DrainRun.Progress.NONE);
        int afterFirst = finals(drained).size();
        assertThat(first.windows()).isEqualTo(afterFirst);
        assertThat(afterFirst).as("the last windows are still open").isLessThan(finals(live).size());

        // The next scheduled drain, a day later, with nothing new: the partitions went quiet.
        drained.clock.set(java.time.Instant.ofEpochMilli(lastProduced).plus(Duration.ofDays(1)));
        MicroBatchProcessor laterProcessor = drained.processor();
        DrainSummary later = new DrainRun(laterProcessor, log, 1_000, drained.clock).run(DrainRun.Progress.NONE);

        assertThat(later.records()).isZero();
        assertThat(later.windows()).isEqualTo(finals(drained).size() - afterFirst).isPositive();
        assertThat(finals(drained)).isEqualTo(finals(live));
        assertThat(laterProcessor.owns(0) || laterProcessor.owns(1)).as("partitions let go after the drain").isFalse();
    }

    @Test
    void theFreshnessLatencyPicksTheRhythm() {
        Rhythm live = Rhythm.of(new FreshnessObjective(Duration.ofSeconds(5), 0.99), Rhythm.DEFAULT_DRAIN_FROM);
        Rhythm drain = Rhythm.of(new FreshnessObjective(Duration.ofMinutes(30), 0.99), Rhythm.DEFAULT_DRAIN_FROM);
        Rhythm atThreshold = Rhythm.of(new FreshnessObjective(Duration.ofMinutes(5), 0.99), Rhythm.DEFAULT_DRAIN_FROM);

        assertThat(live.mode()).isEqualTo(Rhythm.Mode.CONTINUOUS);
        assertThat(live.reason()).isEqualTo("freshness.latency 5s is below 5m: continuous micro-batches");
        assertThat(drain.mode()).isEqualTo(Rhythm.Mode.DRAIN);
        assertThat(drain.every()).isEqualTo(Duration.ofMinutes(15));
        assertThat(drain.reason()).isEqualTo("freshness.latency 30m is at least 5m: a drain every 15m");
        assertThat(atThreshold.mode()).isEqualTo(Rhythm.Mode.DRAIN);
    }
}
