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
