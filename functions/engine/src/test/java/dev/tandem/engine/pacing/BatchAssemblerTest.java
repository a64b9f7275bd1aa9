package dev.tandem.engine.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.ManualClock;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.SourceCoordinates;

class BatchAssemblerTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private long nanos;
    private final List<PacingChange> changes = new ArrayList<>();
    private final List<FormedBatch> ran = new ArrayList<>();
    private PacingTargets targets = new PacingTargets(100, 1_000_000, Duration.ofMillis(500));

    private final BatchAssembler assembler = new BatchAssembler(p -> new Pacing() {
        @Override
        public PacingTargets targets() {
            return targets;
        }

        @Override
        public PacingChange observe(PacingObservation o) {
            return PacingChange.unchanged(targets);
        }
    }, (p, c) -> changes.add(c), () -> nanos, clock);

    private final BatchAssembler.BatchRunner runner = b -> {
        ran.add(b);
        return Optional.of(new BatchAssembler.Ran(1, 1, 0));
    };

    private static List<RawRecord> records(int from, int count, int valueBytes) {
        return IntStream.range(from, from + count).mapToObj(i -> new RawRecord(new SourceCoordinates("t", 0, i), 0, null,
                new byte[valueBytes], List.of())).toList();
    }

    @Test
    void shouldHoldRecordsUntilTheRecordTargetIsReachedAndSplitWhatIsMore() {
        assembler.add(0, records(0, 60, 10));
        assertThat(assembler.drain(0, runner)).isZero();
        assertThat(assembler.due()).isEmpty();

        assembler.add(0, records(60, 190, 10));

        assertThat(assembler.due()).containsExactly(0);
        assertThat(assembler.drain(0, runner)).isEqualTo(2);
        assertThat(ran).extracting(b -> b.records().size()).containsExactly(100, 100);
        assertThat(ran).allMatch(FormedBatch::full);
        assertThat(ran.get(1).records().get(0).source().offset()).isEqualTo(100);
        assertThat(assembler.held(0)).isEqualTo(50);
        assertThat(changes).extracting(PacingChange::reason).containsExactly(PacingReason.START);
    }

    @Test
    void shouldTakeWhatIsHeldOnceItsFirstRecordHasWaitedLongEnough() {
        assembler.add(0, records(0, 10, 10));
        nanos += Duration.ofMillis(499).toNanos();
        assertThat(assembler.due()).isEmpty();

        nanos += Duration.ofMillis(1).toNanos();

        assertThat(assembler.due()).containsExactly(0);
        assembler.drain(0, runner);
        assertThat(ran).singleElement().satisfies(b -> {
            assertThat(b.records()).hasSize(10);
            assertThat(b.full()).isFalse();
            assertThat(b.waitedNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
        });
    }

    @Test
    void shouldCloseABatchAtTheByteTarget() {
        targets = new PacingTargets(100, 1_000, Duration.ofSeconds(1));
        assembler.add(0, records(0, 25, 100));

        assembler.drain(0, runner);

        assertThat(ran).extracting(b -> b.records().size()).containsExactly(10, 10);
        assertThat(ran).extracting(FormedBatch::bytes).containsExactly(1_000L, 1_000L);
        assertThat(assembler.held(0)).isEqualTo(5);
    }

    @Test
    void shouldStopDrainingWhenABatchDoesNotGoThroughAndReadAgainAfterAClear() {
        assembler.add(0, records(0, 300, 10));

        int batches = assembler.drain(0, b -> Optional.empty());
        assembler.clear(0);

        assertThat(batches).isZero();
        assertThat(assembler.held(0)).isZero();
        assembler.add(0, records(0, 100, 10));
        assembler.drain(0, runner);
        assertThat(ran).singleElement().satisfies(b -> assertThat(b.records().get(0).source().offset()).isZero());
    }

    @Test
    void shouldDropAForgottenPartitionEvenWhileItsBatchesRun() {
        assembler.add(0, records(0, 300, 10));

        assembler.drain(0, b -> {
            assembler.forget(0);
            return runner.run(b);
        });

        assertThat(ran).hasSize(1);
        assertThat(assembler.held(0)).isZero();
        assembler.add(0, records(300, 1, 10));
        assertThat(changes).as("a partition owned again starts with fresh pacing").extracting(PacingChange::reason)
                .containsExactly(PacingReason.START, PacingReason.START);
    }

    @Test
    void shouldTellWhetherAPartitionHoldsABatchAndWhetherItHoldsTwo() {
        assertThat(assembler.ready(0)).isFalse();
        assertThat(assembler.backedUp(0)).isFalse();

        assembler.add(0, records(0, 99, 10));
        assertThat(assembler.ready(0)).isFalse();
        assembler.add(0, records(99, 1, 10));
        assertThat(assembler.ready(0)).isTrue();
        assertThat(assembler.backedUp(0)).isFalse();
        assembler.add(0, records(100, 99, 10));
        assertThat(assembler.backedUp(0)).isFalse();
        assembler.add(0, records(199, 1, 10));
        assertThat(assembler.backedUp(0)).isTrue();

        assembler.drain(0, runner);
        assertThat(assembler.ready(0)).isFalse();
        assertThat(assembler.backedUp(0)).isFalse();
    }

    @Test
    void shouldCountBytesTowardsHoldingTwoBatches() {
        targets = new PacingTargets(100, 1_000, Duration.ofSeconds(1));
        assembler.add(0, records(0, 19, 100));
        assertThat(assembler.ready(0)).isTrue();
        assertThat(assembler.backedUp(0)).isFalse();
        assembler.add(0, records(19, 1, 100));
        assertThat(assembler.backedUp(0)).isTrue();
        // Targets without a byte bound: twice "unbounded" never overflows into "backed up".
        targets = new PacingTargets(100, Long.MAX_VALUE, Duration.ofSeconds(1));
        assertThat(assembler.backedUp(0)).isFalse();
    }
}
