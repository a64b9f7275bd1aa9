package dev.tandem.shared.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WindowSpecTest {

    @ParameterizedTest(name = "tumbling 5s: t={0} -> [{1};{2})")
    @CsvSource({
            "0, 0, 5000",
            "1, 0, 5000",
            "4999, 0, 5000",
            "5000, 5000, 10000",
            "-1, -5000, 0",
            "-5000, -5000, 0",
            "-5001, -10000, -5000",
            "1732500000123, 1732500000000, 1732500005000"})
    void shouldPlaceAnEventTimeInItsHalfOpenEpochAlignedTumblingWindow(long t, long start, long end) {
        assertThat(WindowSpec.tumbling(Duration.ofSeconds(5)).windowsFor(t)).containsExactly(new Window(start, end));
    }

    @Test
    void shouldComputeOverlappingHoppingWindowsEarliestFirst() {
        WindowSpec spec = WindowSpec.hopping(Duration.ofSeconds(6), Duration.ofSeconds(3));
        assertThat(spec.windowsFor(3000)).containsExactly(new Window(0, 6000), new Window(3000, 9000));
        assertThat(spec.windowsFor(2999)).containsExactly(new Window(-3000, 3000), new Window(0, 6000));
        assertThat(spec.windowsFor(5999)).containsExactly(new Window(0, 6000), new Window(3000, 9000));
        assertThat(spec.windowsFor(6000)).containsExactly(new Window(3000, 9000), new Window(6000, 12000));
        assertThat(spec.firstWindowFor(6000)).isEqualTo(new Window(3000, 9000));
        assertThat(spec.lastWindowFor(6000)).isEqualTo(new Window(6000, 12000));
    }

    @Test
    void shouldPutEveryEventTimeIntoSizeOverSlideWindowsThatContainIt() {
        WindowSpec spec = WindowSpec.hopping(Duration.ofMinutes(1), Duration.ofSeconds(15));
        for (long t = -70_000; t < 70_000; t += 997) {
            List<Window> windows = spec.windowsFor(t);
            assertThat(windows).hasSize(4);
            long time = t;
            assertThat(windows).allSatisfy(w -> assertThat(w.contains(time)).isTrue());
            assertThat(windows).allSatisfy(w -> assertThat(Math.floorMod(w.startMs(), 15_000)).isZero());
        }
    }

    @Test
    void shouldCloseAWindowWhenTheWatermarkReachesItsEnd() {
        Window w = new Window(0, 5000);
        assertThat(w.isClosedAt(4999)).isFalse();
        assertThat(w.isClosedAt(5000)).isTrue();
        assertThat(w.contains(5000)).isFalse();
        assertThat(w).hasToString("[1970-01-01T00:00:00Z, 1970-01-01T00:00:05Z)");
    }

    @Test
    void shouldRejectASlideThatDoesNotDivideTheSize() {
        assertThatThrownBy(() -> WindowSpec.hopping(Duration.ofSeconds(5), Duration.ofSeconds(3)))
                .hasMessage("Invalid value for parameter \"slide\" (value was: PT3S): the size PT5S must be a whole"
                        + " multiple of the slide");
        assertThatThrownBy(() -> WindowSpec.tumbling(Duration.ZERO))
                .hasMessageContaining("\"size\" (value was: PT0S)");
        assertThatThrownBy(() -> new Window(5, 5)).hasMessageContaining("end must be after start");
    }
}
