package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The idle rule and the watermark an idle partition moves to, on simulated clocks. */
class IdlePolicyTest {

    private final IdlePolicy policy = new IdlePolicy(Duration.ofSeconds(30));

    private static final long NO_END = OwnedPartition.END_UNKNOWN;

    @Test
    void withoutEndOffsetsIdleOnlyAfterTheTimeoutHasPassed() {
        assertThat(policy.isIdle(500, NO_END, 1_000, 31_000)).isFalse();
        assertThat(policy.isIdle(500, NO_END, 1_000, 31_001)).isTrue();
    }

    @Test
    void aPartitionWithRecordsToReadIsNeverIdleHoweverLongItWaitsForItsTurn() {
        assertThat(policy.isIdle(500, 501, 0, 3_600_000)).isFalse();
        assertThat(policy.isIdle(500, Long.MAX_VALUE, 0, 3_600_000)).as("end not known yet").isFalse();
    }

    @Test
    void aPartitionAtItsEndIsIdleOnceItHasHadNothingToDoForTheTimeout() {
        assertThat(policy.isIdle(501, 501, 1_000, 31_000)).isFalse();
        assertThat(policy.isIdle(501, 501, 1_000, 31_001)).isTrue();
    }

    @Test
    void withoutActivePartitionsTheWatermarkMovesWithProcessingTimeBeyondTheTimeout() {
        // Idle for 40 s: 10 s past the timeout, so event time is assumed to have gone on 10 s.
        assertThat(policy.target(100_000, 0, 105_000, Long.MAX_VALUE, 40_000)).hasValue(110_000);
        // Not far enough to close the earliest open window: no advance.
        assertThat(policy.target(100_000, 0, 120_000, Long.MAX_VALUE, 40_000)).isEmpty();
    }

    @Test
    void anActivePartitionAheadPullsTheIdleOneUpToItsWatermark() {
        assertThat(policy.target(100_000, 0, 150_000, 200_000, 31_000)).hasValue(200_000);
    }

    @Test
    void anActivePartitionBehindDoesNotHoldBackTheProcessingTimeAdvance() {
        assertThat(policy.target(100_000, 0, 105_000, 50_000, 40_000)).hasValue(110_000);
    }
}
