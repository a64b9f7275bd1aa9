package dev.tandem.shared.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class WatermarkTrackerTest {

    final WatermarkTracker tracker = WatermarkTracker.of(Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Test
    void shouldHaveNoWatermarkBeforeAnyRecord() {
        assertThat(tracker.pipelineWatermark(0)).isEmpty();
        assertThat(tracker.partitionWatermark(0)).isEmpty();
    }

    @Test
    void shouldTakeTheHighestEventTimeMinusLatenessPerPartition() {
        tracker.observe(0, 100_000, 1_000);
        tracker.observe(0, 90_000, 1_100);
        assertThat(tracker.partitionWatermark(0)).hasValue(70_000);
    }

    @Test
    void shouldTakeTheMinimumOverActivePartitions() {
        tracker.observe(0, 100_000, 1_000);
        tracker.observe(1, 200_000, 1_000);
        assertThat(tracker.pipelineWatermark(5_000)).hasValue(70_000);
    }

    @Test
    void shouldNotLetAnIdlePartitionHoldTheWatermarkBack() {
        tracker.observe(0, 100_000, 1_000);
        tracker.observe(1, 200_000, 20_000);
        // Partition 0 last delivered at 1s; at 12s it is idle (more than 10s).
        assertThat(tracker.isIdle(0, 12_000)).isTrue();
        assertThat(tracker.pipelineWatermark(12_000)).hasValue(170_000);
        // At exactly the timeout it still counts.
        assertThat(tracker.pipelineWatermark(11_000)).hasValue(70_000);
    }

    @Test
    void shouldUseTheHighestWatermarkWhenEveryPartitionIsIdle() {
        tracker.observe(0, 100_000, 1_000);
        tracker.observe(1, 200_000, 1_000);
        assertThat(tracker.pipelineWatermark(60_000)).hasValue(170_000);
    }

    @Test
    void shouldForgetARevokedPartition() {
        tracker.observe(0, 100_000, 1_000);
        tracker.observe(1, 200_000, 1_000);
        tracker.remove(0);
        assertThat(tracker.pipelineWatermark(2_000)).hasValue(170_000);
        assertThat(tracker.maxEventTimes()).containsOnlyKeys(1);
    }

    @Test
    void shouldResumeFromARestoredHighestEventTime() {
        tracker.restore(3, 500_000, 0);
        assertThat(tracker.partitionWatermark(3)).isEqualTo(OptionalLong.of(470_000));
    }
}
