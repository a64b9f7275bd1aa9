package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.MicroBatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.storage.ResultStatus;

/** Closing the windows of a partition that has had no records for the pipeline's idle timeout. */
class IdlePartitionsTest {

    private static final List<RawRecord> STREAM = Orders.stream(5, 0, 0, 1_000, 100, 0.0, 0.0, 0.0);

    @Test
    void nothingMovesBeforeTheIdleTimeout() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM);
        int emitted = h.sink.sent("orders.results").size();

        h.clock.advance(Orders.PIPELINE.idlePartitionTimeout().minusSeconds(1));

        assertThat(processor.advanceIdlePartitions()).isEmpty();
        assertThat(h.sink.sent("orders.results")).hasSize(emitted);
    }

    @Test
    void anIdlePartitionsWatermarkMovesOnWithProcessingTimeAndItsWindowsClose() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM);
        long watermark = processor.watermarks().get(0);
        int emitted = h.sink.sent("orders.results").size();

        h.clock.advance(Orders.PIPELINE.idlePartitionTimeout().plus(Duration.ofMinutes(10)));
        List<BatchOutcome> outcomes = processor.advanceIdlePartitions();

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.partition()).isZero();
            assertThat(o.records()).isZero();
            assertThat(o.finals()).isPositive();
            assertThat(o.nextOffset()).isEqualTo(1_000);
        });
        assertThat(processor.watermarks().get(0)).isGreaterThanOrEqualTo(watermark + Duration.ofMinutes(10).toMillis());
        assertThat(h.sink.results("orders.results")).hasSize(emitted + outcomes.get(0).finals())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ResultStatus.FINAL));
        // The advance is checkpointed: a restart does not close the same windows again.
        MicroBatchProcessor restarted = h.processor();
        restarted.assign(0);
        h.clock.advance(Orders.PIPELINE.idlePartitionTimeout().plusSeconds(1));
        assertThat(restarted.advanceIdlePartitions()).isEmpty();
    }

    @Test
    void aPartitionWaitingForItsTurnIsNotIdleHoweverLongItWaits() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM.subList(0, 500));
        int emitted = h.sink.sent("orders.results").size();
        long watermark = processor.watermarks().get(0);

        // A backlog: the consumer sees records up to offset 1,000 but serves other partitions first.
        for (int i = 0; i < 10; i++) {
            processor.observeEndOffsets(java.util.Map.of(0, 1_000L));
            h.clock.advance(Duration.ofMinutes(10));
            assertThat(processor.advanceIdlePartitions()).isEmpty();
        }
        // A partition whose end the consumer cannot tell yet is not idle either.
        processor.observeEndOffsets(java.util.Map.of(0, Long.MAX_VALUE));
        h.clock.advance(Duration.ofMinutes(10));
        assertThat(processor.advanceIdlePartitions()).isEmpty();

        assertThat(processor.watermarks().get(0)).isEqualTo(watermark);
        assertThat(h.sink.sent("orders.results")).hasSize(emitted);
        // Its turn comes: its on-time records are folded, not counted late.
        assertThat(processor.process(0, STREAM.subList(500, 1_000)).late()).isZero();
    }

    @Test
    void aPartitionAtItsEndBecomesIdleOnlyAfterTheTimeoutCountedFromWhenItHadNothingToRead() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM.subList(0, 500));
        processor.observeEndOffsets(java.util.Map.of(0, 800L));
        h.clock.advance(Duration.ofMinutes(5));
        processor.process(0, STREAM.subList(500, 800));
        processor.observeEndOffsets(java.util.Map.of(0, 800L));

        h.clock.advance(Orders.PIPELINE.idlePartitionTimeout().minusSeconds(1));
        processor.observeEndOffsets(java.util.Map.of(0, 800L));
        assertThat(processor.advanceIdlePartitions()).isEmpty();

        h.clock.advance(Duration.ofMinutes(10));
        processor.observeEndOffsets(java.util.Map.of(0, 800L));
        assertThat(processor.advanceIdlePartitions()).singleElement()
                .satisfies(o -> assertThat(o.finals()).isPositive());
    }

    @Test
    void anIdlePartitionIsHeldAtTheLowestWatermarkOfTheActiveOnes() {
        MicroBatchHarness h = new MicroBatchHarness();
        MicroBatchProcessor processor = h.processor();
        processor.process(0, STREAM);
        long idleWatermark = processor.watermarks().get(0);
        h.clock.advance(Orders.PIPELINE.idlePartitionTimeout().plusSeconds(5));
        // Partition 1 is active but behind in event time: partition 0 may not overtake it by much.
        processor.process(1, Orders.stream(6, 1, 0, 200, 100, 0.0, 0.0, 0.0));
        long activeWatermark = processor.watermarks().get(1);

        processor.advanceIdlePartitions();

        assertThat(processor.watermarks().get(0)).isLessThanOrEqualTo(Math.max(idleWatermark + 5_000, activeWatermark));
    }
}
