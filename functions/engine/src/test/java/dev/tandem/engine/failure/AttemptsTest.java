package dev.tandem.engine.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.microbatch.OffsetGapException;

/** Running an operation under a strategy: every failure heard, decisions carried out. */
class AttemptsTest {

    private static final Where WHERE = new Where("orders", "batch", "orders", 3, 4_200);

    private final List<String> heard = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private final FailureListener listener = new FailureListener() {
        @Override
        public void failed(Where where, int attempt, Throwable failure, Decision decision) {
            heard.add(where + " #" + attempt + " " + decision.label() + ": " + failure.getMessage());
        }

        @Override
        public void recovered(Where where, int attempts) {
            heard.add("recovered after " + attempts);
        }
    };

    private Attempts attempts(FailureStrategy strategy) {
        return new Attempts(strategy, listener, slept::add);
    }

    @Test
    void aTransientFailureIsRetriedAfterTheBackoffAndEveryAttemptIsHeard() {
        AtomicInteger calls = new AtomicInteger();

        Attempts.Outcome<String> outcome = attempts(FailureStrategy.retryWithBackoff(Duration.ofMillis(100),
                Duration.ofSeconds(1))).run(WHERE, () -> true, () -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("S3 unreachable");
                    }
                    return "done";
                });

        assertThat(outcome).isEqualTo(new Attempts.Outcome.Done<>("done"));
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(heard).containsExactly(
                "batch of pipeline 'orders' orders-3 at offset 4200 #1 retry: S3 unreachable",
                "batch of pipeline 'orders' orders-3 at offset 4200 #2 retry: S3 unreachable",
                "recovered after 3");
    }

    @Test
    void aGapEndsInASeekWithoutRetrying() {
        Attempts.Outcome<Object> outcome = attempts(FailureStrategy.retryWithBackoff(Duration.ofMillis(100),
                Duration.ofSeconds(1)).seekOnGap()).run(WHERE, () -> true, () -> {
                    throw new OffsetGapException("orders", 3, 4_000, 4_200);
                });

        assertThat(outcome).isEqualTo(new Attempts.Outcome.SeekTo<>(4_000));
        assertThat(slept).isEmpty();
        assertThat(heard).singleElement().asString().contains("#1 seek");
    }

    @Test
    void givingUpThrowsNamingWhereAndWhy() {
        RuntimeException cause = new IllegalStateException("checkpoint unreadable");

        assertThatThrownBy(() -> attempts(FailureStrategy.retryWithBackoff(Duration.ofMillis(10),
                Duration.ofMillis(10)).failAfter(2)).run(new Where("orders", "restore", "orders", 1, -1),
                        () -> true, () -> {
                            throw cause;
                        }))
                .isInstanceOf(Attempts.GaveUpException.class).hasCause(cause)
                .hasMessage("restore of pipeline 'orders' orders-1 failed: gave up after 2 attempts: checkpoint unreadable");
        assertThat(heard).hasSize(2).last().asString().contains("#2 fail");
    }

    @Test
    void anOperationNoLongerWantedIsAbandonedBetweenAttempts() {
        AtomicInteger calls = new AtomicInteger();

        Attempts.Outcome<Object> outcome = attempts(FailureStrategy.retryWithBackoff(Duration.ofMillis(1),
                Duration.ofMillis(1))).run(WHERE, () -> calls.get() < 2, () -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("still down");
                });

        assertThat(outcome).isEqualTo(new Attempts.Outcome.Abandoned<>());
        assertThat(calls).hasValue(2);
    }
}
