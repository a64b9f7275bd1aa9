package dev.tandem.engine.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.engine.pacing.PacingSimulation.Phase;
import dev.tandem.engine.pacing.PacingSimulation.PhaseResult;
import dev.tandem.shared.definition.FreshnessObjective;
import dev.tandem.shared.definition.PacingSpec;

/**
 * The adaptive controller on a simulated partition whose batches cost 40 ms (the PUTs) plus 12 µs per
 * record: batches of 5,000 records then sustain at most 45,000 records/s.
 */
class AdaptivePacingSimulationTest {

    private static final Duration LATENCY = Duration.ofSeconds(5);
    private static final long PUT = 40_000_000L;
    private static final double PER_RECORD = 14_000;
    private static final List<Phase> STEPS = List.of(new Phase("2k", 20, 2_000), new Phase("20k", 20, 20_000),
            new Phase("60k", 20, 60_000), new Phase("5k", 20, 5_000));

    private static FreshnessObjective freshness(PacingSpec.Mode mode, int maxRecords) {
        return new FreshnessObjective(LATENCY, 0.99, new PacingSpec(mode, 100, maxRecords, 64L << 20,
                LATENCY.dividedBy(4)));
    }

    /** The step load once with each pacing, shared by the tests that read it. */
    private static PacingSimulation.Result adaptive;
    private static PacingSimulation.Result fixed;

    @BeforeAll
    static void runTheStepLoad() {
        adaptive = new PacingSimulation(freshness(PacingSpec.Mode.ADAPTIVE, 50_000), PUT, PER_RECORD).run(0, 0, STEPS);
        fixed = new PacingSimulation(freshness(PacingSpec.Mode.FIXED, 5_000), PUT, PER_RECORD).run(0, 0, STEPS);
    }

    @Test
    void shouldKeepFreshnessWithinTheLatencyInEveryStepWhereFixedBatchesFallBehind() {

                for (PhaseResult step : adaptive.phases()) {
            assertThat(step.p99Ms()).as("adaptive p99 in step %s", step.name()).isLessThanOrEqualTo(LATENCY.toMillis());
        }
        assertThat(fixed.phase("60k").p99Ms()).as("5,000-record batches cannot keep up with 60k/s")
                .isGreaterThan(LATENCY.toMillis());
        assertThat(adaptive.changes()).extracting(PacingChange::reason).contains(PacingReason.SATURATED,
                PacingReason.HEADROOM);
        assertThat(adaptive.changes()).extracting(PacingChange::targets).allSatisfy(t -> {
            assertThat(t.records()).isBetween(100, 50_000);
            assertThat(t.waitTime()).isLessThanOrEqualTo(LATENCY.dividedBy(4));
        });
    }

    @Test
    void shouldSpendTheLatencyOnFewerBatchesWhenTheLoadIsLow() {

        for (String step : List.of("2k", "5k")) {
            assertThat(adaptive.phase(step).batches()).as("batches (object writes) in step %s", step)
                    .isLessThan(fixed.phase(step).batches() / 3);
            assertThat(adaptive.phase(step).p99Ms()).isLessThanOrEqualTo(LATENCY.toMillis());
        }
    }

    @Test
    void shouldCatchUpABacklogInThroughputSizedBatchesAndComeBack() {
        // A minute of records at 20k/s waits when the partition starts.
        PacingSimulation.Result r = new PacingSimulation(freshness(PacingSpec.Mode.ADAPTIVE, 50_000), PUT, PER_RECORD)
                .run(60, 20_000, List.of(new Phase("live", 60, 20_000)));

        assertThat(r.changes()).extracting(PacingChange::reason).containsSubsequence(PacingReason.CATCH_UP,
                PacingReason.CAUGHT_UP);
        assertThat(r.phase("backlog").maxRecordsTarget()).isEqualTo(50_000);
        PacingChange caughtUp = r.changes().stream().filter(c -> c.reason() == PacingReason.CAUGHT_UP).findFirst()
                .orElseThrow();
        assertThat(caughtUp.targets().records()).as("the targets from before the backlog").isLessThan(50_000);
    }

    @Test
    void shouldWaitLessWhenStorageSlowsDown() {
        // At 2k/s the controller waits up to 2.25 s; then PUTs take 1.6 s from second 30 on.
        FreshnessObjective patient = new FreshnessObjective(LATENCY, 0.99, new PacingSpec(PacingSpec.Mode.ADAPTIVE, 100,
                50_000, 64L << 20, Duration.ofMillis(2250)));
        PacingSimulation.Result r = new PacingSimulation(patient, PUT, PER_RECORD)
                .putLatency(t -> t >= 30 ? 1.6e9 : -1)
                .run(0, 0, List.of(new Phase("fast", 30, 2_000), new Phase("slow", 60, 2_000)));

        assertThat(r.changes()).extracting(PacingChange::reason).contains(PacingReason.OVER_BUDGET);
        PacingChange last = r.changes().get(r.changes().size() - 1);
        assertThat(last.targets().waitTime()).isLessThan(Duration.ofMillis(2250));
        assertThat(r.phase("slow").p99Ms()).isLessThanOrEqualTo(LATENCY.toMillis());
    }
}
