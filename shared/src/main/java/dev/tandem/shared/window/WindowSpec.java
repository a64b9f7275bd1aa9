package dev.tandem.shared.window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Epoch-aligned tumbling or hopping windows.
 *
 * <p>Windows start at every multiple of {@code slide} since the epoch and last {@code size}.
 * Tumbling windows have {@code slide == size}. For hopping windows {@code size} must be a whole
 * multiple of {@code slide}, so every event time falls into exactly {@code size / slide}
 * windows. Example with size 5 s and slide 3 s is therefore rejected; size 6 s, slide 3 s gives
 * {@code [0;6000), [3000;9000), [6000;12000), ...}.
 *
 * @param size  how long each window lasts
 * @param slide how far apart consecutive windows start
 */
public record WindowSpec(Duration size, Duration slide) {

    public WindowSpec {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(slide, "slide");
        if (size.toMillis() <= 0 || !isWholeMillis(size)) {
            throw new IllegalArgumentException(
                    "Invalid value for parameter \"size\" (value was: " + size + "): use a whole number of milliseconds > 0");
        }
        if (slide.toMillis() <= 0 || !isWholeMillis(slide)) {
            throw new IllegalArgumentException(
                    "Invalid value for parameter \"slide\" (value was: " + slide + "): use a whole number of milliseconds > 0");
        }
        if (!slideDivides(size, slide)) {
            throw new IllegalArgumentException("Invalid value for parameter \"slide\" (value was: " + slide
                    + "): the size " + size + " must be a whole multiple of the slide");
        }
    }

    /** Windows are aligned in whole milliseconds. */
    public static boolean isWholeMillis(Duration d) {
        return d.toNanos() % 1_000_000 == 0;
    }

    /** Every event time falls into the same number of windows only when the slide divides the size. */
    public static boolean slideDivides(Duration size, Duration slide) {
        return slide.toMillis() > 0 && slide.compareTo(size) <= 0 && size.toMillis() % slide.toMillis() == 0;
    }

    public static WindowSpec tumbling(Duration size) {
        return new WindowSpec(size, size);
    }

    public static WindowSpec hopping(Duration size, Duration slide) {
        return new WindowSpec(size, slide);
    }

    public boolean isTumbling() {
        return size.equals(slide);
    }

    public long sizeMs() {
        return size.toMillis();
    }

    public long slideMs() {
        return slide.toMillis();
    }

    /** How many windows each event time falls into. */
    public int windowsPerEvent() {
        return (int) (sizeMs() / slideMs());
    }

    /** The windows containing {@code eventTimeMs}, earliest start first. */
    public List<Window> windowsFor(long eventTimeMs) {
        long slideMs = slideMs();
        long sizeMs = sizeMs();
        long lastStart = eventTimeMs - Math.floorMod(eventTimeMs, slideMs);
        int n = windowsPerEvent();
        List<Window> windows = new ArrayList<>(n);
        for (long start = lastStart - (long) (n - 1) * slideMs; start <= lastStart; start += slideMs) {
            windows.add(new Window(start, start + sizeMs));
        }
        return windows;
    }

    /** The window that contains {@code eventTimeMs} and closes last. */
    public Window lastWindowFor(long eventTimeMs) {
        long start = eventTimeMs - Math.floorMod(eventTimeMs, slideMs());
        return new Window(start, start + sizeMs());
    }

    /** The window that contains {@code eventTimeMs} and closes first. */
    public Window firstWindowFor(long eventTimeMs) {
        long lastStart = eventTimeMs - Math.floorMod(eventTimeMs, slideMs());
        long start = lastStart - sizeMs() + slideMs();
        return new Window(start, start + sizeMs());
    }
}
