package dev.tandem.engine.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.microbatch.OffsetGapException;

/** Each strategy's decisions, attempt by attempt. */
class FailureStrategyTest {

    private static final RuntimeException S3_DOWN = new IllegalStateException("S3 unreachable");
    private static final OffsetGapException GAP = new OffsetGapException("orders", 2, 100, 150);

    @Test
    void backoffDoublesUpToItsCapAndRetriesForever() {
        FailureStrategy s = FailureStrategy.retryWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

        assertThat(s.decide(S3_DOWN, 1)).isEqualTo(new Decision.Retry(Duration.ofMillis(100)));
        assertThat(s.decide(S3_DOWN, 2)).isEqualTo(new Decision.Retry(Duration.ofMillis(200)));
        assertThat(s.decide(S3_DOWN, 4)).isEqualTo(new Decision.Retry(Duration.ofMillis(800)));
        assertThat(s.decide(S3_DOWN, 5)).isEqualTo(new Decision.Retry(Duration.ofSeconds(1)));
        assertThat(s.decide(S3_DOWN, 10_000)).isEqualTo(new Decision.Retry(Duration.ofSeconds(1)));
        assertThat(s.decide(S3_DOWN, 1).label()).isEqualTo("retry");
    }

    @Test
    void failAfterGivesUpAtTheNthAttemptNamingTheCause() {
        FailureStrategy s = FailureStrategy.retryWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(30)).failAfter(3);

        assertThat(s.decide(S3_DOWN, 2)).isInstanceOf(Decision.Retry.class);
        assertThat(s.decide(S3_DOWN, 3)).isInstanceOfSatisfying(Decision.Fail.class,
                f -> assertThat(f.reason()).isEqualTo("gave up after 3 attempts: S3 unreachable"));
        assertThat(s.decide(S3_DOWN, 3).label()).isEqualTo("fail");
    }

    @Test
    void aGapSeeksToTheExpectedOffsetAndOtherFailuresGoToTheInnerStrategy() {
        FailureStrategy s = FailureStrategy.failFast().seekOnGap();

        assertThat(s.decide(GAP, 1)).isEqualTo(new Decision.Seek(100));
        assertThat(s.decide(GAP, 1).label()).isEqualTo("seek");
        assertThat(s.decide(S3_DOWN, 1)).isEqualTo(new Decision.Fail("S3 unreachable"));
        assertThat(FailureStrategy.failFast().decide(new IllegalStateException(), 1))
                .isEqualTo(new Decision.Fail("IllegalStateException"));
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        assertThatThrownBy(() -> FailureStrategy.retryWithBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailureStrategy.retryWithBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailureStrategy.failFast().failAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
