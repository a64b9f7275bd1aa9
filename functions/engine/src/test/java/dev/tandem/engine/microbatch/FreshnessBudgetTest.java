package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.ManualClock;
import dev.tandem.shared.definition.FreshnessObjective;

/** Burn rates of the freshness objective over trailing windows, on a simulated clock. */
class FreshnessBudgetTest {

    /** 99% of records within 5 s: 1% may be slower. */
    private static final FreshnessObjective SLO = new FreshnessObjective(Duration.ofSeconds(5), 0.99);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T00:00:00Z"));
    private final FreshnessBudget budget = new FreshnessBudget(SLO, clock);

    private void record(int fast, int slow) {
        for (int i = 0; i < fast; i++) {
            budget.record(200);
        }
        for (int i = 0; i < slow; i++) {
            budget.record(5_001);
        }
    }

    @Test
    void spendingExactlyTheAllowedShareBurnsAtOne() {
        for (int minute = 0; minute < 10; minute++) {
            record(990, 10);
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(budget.burnRate(Duration.ofMinutes(5))).isCloseTo(1.0, within(1e-9));
        assertThat(budget.burnRate(Duration.ofHours(1))).isCloseTo(1.0, within(1e-9));
        assertThat(budget.budgetRemaining(Duration.ofHours(1))).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void aRecentIncidentBurnsFastInTheShortWindowAndSlowerInTheLongOne() {
        for (int minute = 0; minute < 55; minute++) {
            record(1_000, 0);
            clock.advance(Duration.ofMinutes(1));
        }
        for (int minute = 0; minute < 5; minute++) {
            record(800, 200);
            clock.advance(Duration.ofMinutes(1));
        }

        // 20% slow against 1% allowed in the last 5 minutes; 1,000 of 60,000 over the hour.
        assertThat(budget.burnRate(Duration.ofMinutes(5))).isCloseTo(20.0, within(1e-9));
        assertThat(budget.burnRate(Duration.ofHours(1))).isCloseTo(1_000.0 / 60_000 / 0.01, within(1e-9));
        assertThat(budget.budgetRemaining(Duration.ofMinutes(30))).isZero();
    }

    @Test
    void recordsOlderThanTheWindowNoLongerCountAndNoRecordsBurnNothing() {
        assertThat(budget.burnRate(Duration.ofMinutes(5))).isZero();
        record(0, 100);
        clock.advance(Duration.ofMinutes(6));
        record(100, 0);

        assertThat(budget.burnRate(Duration.ofMinutes(5))).isZero();
        assertThat(budget.burnRate(Duration.ofMinutes(30))).isCloseTo(50.0, within(1e-9));
        clock.advance(Duration.ofHours(7));
        assertThat(budget.burnRate(Duration.ofHours(6))).isZero();
        assertThat(budget.budgetRemaining(Duration.ofHours(6))).isEqualTo(1.0);
    }

    @Test
    void aRecordAtExactlyTheLatencyMeetsTheObjective() {
        budget.record(5_000);

        assertThat(budget.burnRate(Duration.ofMinutes(5))).isZero();
    }
}
