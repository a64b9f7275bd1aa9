package dev.tandem.microbatch.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The FINAL results a clean micro-batch run must produce, computed here independently from the
 * generated events with plain maps: per partition in offset order, a record is a duplicate if its
 * id was seen within the horizon behind the partition's watermark, late if its window had closed
 * (end ≤ highest event time so far − lateness); all other valid records count. Every window ends
 * up closed (idle partitions close their windows).
 */
public final class ExpectedResults {

    /** Exact aggregates of one (window, store, partition). */
    public static final class Cell {
        public long count;
        public BigDecimal sum = BigDecimal.ZERO;
        public BigDecimal min;
        public BigDecimal max;
        public final Set<String> customers = new HashSet<>();
        public final List<BigDecimal> amounts = new ArrayList<>();

        public String avg() {
            return sum.divide(BigDecimal.valueOf(count), sum.scale() + 6, RoundingMode.HALF_EVEN).toPlainString();
        }
    }

    public final Map<String, Cell> cells = new TreeMap<>();
    public final List<OrderStream.Sent> late = new ArrayList<>();
    public final List<OrderStream.Sent> duplicates = new ArrayList<>();
    public final List<OrderStream.Sent> invalid = new ArrayList<>();

    public static ExpectedResults of(List<OrderStream.Sent> sent, Duration windowSize, Duration lateness,
            Duration horizon) {
        ExpectedResults x = new ExpectedResults();
        Map<Integer, List<OrderStream.Sent>> byPartition = new TreeMap<>();
        sent.forEach(s -> byPartition.computeIfAbsent(s.event().partition(), p -> new ArrayList<>()).add(s));
        long size = windowSize.toMillis();
        for (Map.Entry<Integer, List<OrderStream.Sent>> e : byPartition.entrySet()) {
            List<OrderStream.Sent> records = new ArrayList<>(e.getValue());
            records.sort(Comparator.comparingLong(OrderStream.Sent::offset));
            long max = Long.MIN_VALUE;
            Map<String, Long> seen = new HashMap<>();
            for (OrderStream.Sent s : records) {
                OrderStream.Event ev = s.event();
                if (ev.isInvalid()) {
                    x.invalid.add(s);
                    continue;
                }
                long wm = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - lateness.toMillis();
                Long previous = seen.get(ev.id());
                if (previous != null && (wm == Long.MIN_VALUE || previous >= wm - horizon.toMillis())) {
                    x.duplicates.add(s);
                    continue;
                }
                seen.put(ev.id(), ev.timeMs());
                long start = ev.timeMs() - Math.floorMod(ev.timeMs(), size);
                if (wm != Long.MIN_VALUE && start + size <= wm) {
                    x.late.add(s);
                } else {
                    Cell c = x.cells.computeIfAbsent(key(start, ev.store(), e.getKey()), k -> new Cell());
                    c.count++;
                    c.sum = c.sum.add(ev.amount());
                    c.min = c.min == null || ev.amount().compareTo(c.min) < 0 ? ev.amount() : c.min;
                    c.max = c.max == null || ev.amount().compareTo(c.max) > 0 ? ev.amount() : c.max;
                    c.customers.add(ev.customer());
                    c.amounts.add(ev.amount());
                }
                max = Math.max(max, ev.timeMs());
            }
        }
        return x;
    }

    /** The result key Tandem uses: {@code orders|<window start>|["store"]|<partition>}. */
    public static String key(long windowStartMs, String store, int partition) {
        return "orders|" + java.time.Instant.ofEpochMilli(windowStartMs) + "|[\"" + store + "\"]|" + partition;
    }
}
