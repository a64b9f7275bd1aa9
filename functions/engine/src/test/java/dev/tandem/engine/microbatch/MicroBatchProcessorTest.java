package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.MicroBatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.storage.Checkpoint;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;
import dev.tandem.shared.storage.SegmentKey;

/** The six steps of a micro-batch against in-memory storage and sink. */
class MicroBatchProcessorTest {

    private static final List<RawRecord> STREAM = Orders.stream(7, 0, 0, 3_000, 100, 0.01, 0.01, 0.01);

    @Test
    void aBatchDeadLettersLandsFoldsEmitsAndCheckpoints() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();

        BatchOutcome outcome = processor.process(0, STREAM.subList(0, 2_000));

        assertThat(outcome.firstOffset()).isZero();
        assertThat(outcome.nextOffset()).isEqualTo(2_000);
        assertThat(outcome.records()).isEqualTo(2_000);
        assertThat(outcome.invalid()).isPositive().isEqualTo(h.deadLetterCoordinates().size());
        assertThat(outcome.duplicates()).isPositive();
        assertThat(outcome.finals()).isPositive().isEqualTo(h.sink.sent(h.definition.resultsTopic()).size());
        assertThat(outcome.segmentKeys()).isNotEmpty().allSatisfy(k -> {
            assertThat(h.store.get(k)).isPresent();
            assertThat(SegmentKey.parse(k).firstOffset()).isZero();
        });
        assertThat(h.store.keys(Checkpoint.prefix("orders", "orders", 0))).isNotEmpty();
        assertThat(processor.nextOffsets()).isEqualTo(Map.of(0, 2_000L));
        assertThat(h.sink.results(h.definition.resultsTopic())).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(ResultStatus.FINAL);
            assertThat(r.partition()).hasValue(0);
        });
    }

    @Test
    void resultsDoNotDependOnHowRecordsAreCutIntoBatches() {
        MicroBatchHarness whole = new MicroBatchHarness();
        MicroBatchHarness.feed(whole.processor(), 0, STREAM, STREAM.size());
        MicroBatchHarness small = new MicroBatchHarness();
        MicroBatchHarness.feed(small.processor(), 0, STREAM, 97);

        assertThat(small.sink.compacted("orders.results")).isEqualTo(whole.sink.compacted("orders.results"))
                .isNotEmpty();
        assertThat(small.deadLetterCoordinates()).isEqualTo(whole.deadLetterCoordinates());
    }

    @Test
    void redeliveredRecordsAreSkipped() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM.subList(0, 500));
        int finals = h.sink.sent("orders.results").size();

        BatchOutcome again = processor.process(0, STREAM.subList(0, 800));

        assertThat(again.skipped()).isEqualTo(500);
        assertThat(again.records()).isEqualTo(300);
        assertThat(again.firstOffset()).isEqualTo(500);
        assertThat(processor.process(0, STREAM.subList(100, 800))).satisfies(o -> {
            assertThat(o.skipped()).isEqualTo(700);
            assertThat(o.records()).isZero();
        });
        assertThat(h.sink.sent("orders.results").size()).isGreaterThanOrEqualTo(finals);
    }

    @Test
    void aBatchStartingAfterTheNextOffsetIsAGap() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM.subList(0, 500));

        assertThatThrownBy(() -> processor.process(0, STREAM.subList(600, 700)))
                .isInstanceOfSatisfying(OffsetGapException.class, e -> {
                    assertThat(e.expectedOffset()).isEqualTo(500);
                    assertThat(e.firstOffset()).isEqualTo(600);
                    assertThat(e.partition()).isZero();
                }).hasMessageContaining("orders-0").hasMessageContaining("redeliver from 500");
    }

    @Test
    void recordsOutOfOffsetOrderAreRefused() {
        MicroBatchHarness h = new MicroBatchHarness();
        List<RawRecord> shuffled = new ArrayList<>(STREAM.subList(0, 10));
        java.util.Collections.swap(shuffled, 3, 4);

        assertThatThrownBy(() -> h.processor().process(0, shuffled)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders-0").hasMessageContaining("not in offset order at offset 3");
    }

    @Test
    void partitionsKeepTheirOwnStateAndResultsNameTheirPartition() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        MicroBatchHarness.feed(processor, 0, STREAM, 1_000);
        MicroBatchHarness.feed(processor, 1, Orders.stream(8, 1, 0, 3_000, 100, 0.01, 0.01, 0.01), 1_000);

        assertThat(processor.nextOffsets()).isEqualTo(Map.of(0, 3_000L, 1, 3_000L));
        assertThat(h.sink.results("orders.results")).extracting(r -> r.partition().getAsInt()).contains(0, 1);
        assertThat(processor.watermarks()).containsOnlyKeys(0, 1);

        processor.revoke(1);
        assertThat(processor.owns(1)).isFalse();
        assertThat(processor.nextOffsets()).containsOnlyKeys(0);
    }

    @Test
    void provisionalResultsForTheOpenWindowsABatchTouched() {
        MicroBatchHarness h = new MicroBatchHarness(Orders.PIPELINE,
                new MicroBatchSettings(true, 3, java.time.Duration.ofSeconds(5), 4));
        BatchOutcome outcome = h.processor().process(0, STREAM.subList(0, 300));

        List<ResultRecord> provisional = h.sink.results("orders.results").stream()
                .filter(r -> r.status() == ResultStatus.PROVISIONAL).toList();
        assertThat(provisional).hasSize(outcome.provisionals()).isNotEmpty();
    }
}
