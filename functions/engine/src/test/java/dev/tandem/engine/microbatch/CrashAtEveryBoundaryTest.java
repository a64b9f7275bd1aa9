package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tandem.engine.testing.MicroBatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.record.RawRecord;

/**
 * The exactly-once contract of the micro-batch engine in memory: a crash at any boundary between
 * two steps, followed by a restart from the checkpoints (a new processor over the same storage and
 * sink) or by a retry in the same processor, leaves exactly the results, dead letters, segments and
 * checkpoints of a clean run. The integration tests prove the same against the real servers.
 */
class CrashAtEveryBoundaryTest {

    private static final List<RawRecord> STREAM = Orders.stream(11, 0, 0, 4_000, 100, 0.01, 0.01, 0.02);
    private static final int BATCH = 250;

    private static MicroBatchHarness cleanRun() {
        MicroBatchHarness clean = new MicroBatchHarness();
        MicroBatchHarness.feed(clean.processor(), 0, STREAM, BATCH);
        return clean;
    }

    @ParameterizedTest
    @EnumSource(value = Boundary.class, names = "BEFORE_COMMIT", mode = EnumSource.Mode.EXCLUDE)
    void aRestartAfterACrashGivesACleanRunsEffect(Boundary boundary) {
        MicroBatchHarness clean = cleanRun();
        MicroBatchHarness crashed = new MicroBatchHarness();
        AtomicBoolean armed = new AtomicBoolean(true);
        int[] batches = {0};
        MicroBatchProcessor first = crashed.processor((b, partition) -> {
            if (b == Boundary.AFTER_VALIDATE) {
                batches[0]++;
            }
            // The sixth batch dies at the boundary, once.
            if (b == boundary && batches[0] == 6 && armed.compareAndSet(true, false)) {
                throw new IllegalStateException("crash at " + b);
            }
        }, MicroBatchMetrics.NONE);

        assertThatThrownBy(() -> MicroBatchHarness.feed(first, 0, STREAM, BATCH)).hasMessage("crash at " + boundary);
        // A new instance: restores the checkpoint and is fed from its next offset.
        MicroBatchProcessor restarted = crashed.processor();
        long next = restarted.assign(0).orElse(0);
        MicroBatchHarness.feed(restarted, 0, STREAM.subList((int) next, STREAM.size()), BATCH);

        assertSameEffect(crashed, clean);
    }

    @ParameterizedTest
    @EnumSource(value = Boundary.class, names = "BEFORE_COMMIT", mode = EnumSource.Mode.EXCLUDE)
    void aRetryInTheSameProcessorAfterAFailedBatchGivesACleanRunsEffect(Boundary boundary) {
        MicroBatchHarness clean = cleanRun();
        MicroBatchHarness failed = new MicroBatchHarness();
        AtomicBoolean armed = new AtomicBoolean(true);
        MicroBatchProcessor processor = failed.processor((b, partition) -> {
            if (b == boundary && armed.compareAndSet(true, false)) {
                throw new IllegalStateException("fails at " + b);
            }
        }, MicroBatchMetrics.NONE);

        for (int i = 0; i < STREAM.size(); i += BATCH) {
            List<RawRecord> batch = STREAM.subList(i, Math.min(STREAM.size(), i + BATCH));
            try {
                processor.process(0, batch);
            } catch (IllegalStateException e) {
                // The trigger redelivers the same records; the processor restores before them.
                processor.process(0, batch);
            }
        }

        assertSameEffect(failed, clean);
    }

    private static void assertSameEffect(MicroBatchHarness actual, MicroBatchHarness clean) {
        assertThat(actual.sink.compacted("orders.results")).isEqualTo(clean.sink.compacted("orders.results"));
        assertThat(actual.deadLetterCoordinates()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(clean.deadLetterCoordinates());
        assertThat(actual.store.contents("raw/")).isEqualTo(clean.store.contents("raw/"));
        assertThat(actual.store.contents("checkpoints/")).isEqualTo(clean.store.contents("checkpoints/"));
    }
}
