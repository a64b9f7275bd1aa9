package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.window.Window;

class TimeRangeTest {

    private static final Instant T = Instant.parse("2026-11-25T10:30:00Z");

    @Test
    void hoursAreEveryUtcHourTheRangeTouches() {
        TimeRange r = new TimeRange(T, T.plusSeconds(3_600));

        assertThat(r.hours()).containsExactly(Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(r.slug()).isEqualTo("2026-11-25T10:30:00Z_2026-11-25T11:30:00Z");
    }

    @Test
    void aWindowIsInsideOnlyWhenWhollyInside() {
        TimeRange r = new TimeRange(T, T.plusSeconds(600));

        assertThat(r.containsWindow(new Window(T.toEpochMilli(), T.toEpochMilli() + 60_000))).isTrue();
        assertThat(r.containsWindow(new Window(T.toEpochMilli() + 570_000, T.toEpochMilli() + 630_000))).isFalse();
        assertThat(r.containsWindow(new Window(T.toEpochMilli() - 30_000, T.toEpochMilli() + 30_000))).isFalse();
    }

    @Test
    void anEmptyOrBackwardRangeIsRefused() {
        assertThatThrownBy(() -> new TimeRange(T, T)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before");
        assertThatThrownBy(() -> new TimeRange(T, null)).isInstanceOf(NullPointerException.class);
    }
}
