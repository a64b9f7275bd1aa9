package dev.tandem.batch;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.microbatch.testing.OrderStream;

/**
 * The complete answer a batch run must give, computed here from the generated events alone:
 * every valid event counted once, late ones included, per window and store.
 */
final class BatchAnswer {

    private BatchAnswer() {
    }

    /** {@link ExpectedResults#key} → cell, for windows inside the micro-batch run's range. */
    static Map<String, ExpectedResults.Cell> of(MicroBatchRunData data) {
        Set<String> duplicates = new HashSet<>();
        data.expected().duplicates.forEach(s -> duplicates.add(s.event().partition() + "@" + s.offset()));
        long size = data.windowSize().toMillis();
        Map<String, ExpectedResults.Cell> cells = new TreeMap<>();
        for (OrderStream.Sent s : data.sent()) {
            OrderStream.Event e = s.event();
            if (e.isInvalid() || duplicates.contains(e.partition() + "@" + s.offset())) {
                continue;
            }
            long start = e.timeMs() - Math.floorMod(e.timeMs(), size);
            String key = ExpectedResults.key(start, e.store(), e.partition());
            if (!MicroBatchRun.inRange(key)) {
                continue;
            }
            ExpectedResults.Cell c = cells.computeIfAbsent(key, k -> new ExpectedResults.Cell());
            c.count++;
            c.sum = c.sum.add(e.amount());
            c.min = c.min == null || e.amount().compareTo(c.min) < 0 ? e.amount() : c.min;
            c.max = c.max == null || e.amount().compareTo(c.max) > 0 ? e.amount() : c.max;
            c.customers.add(e.customer());
            c.amounts.add(e.amount());
        }
        return cells;
    }

    /** The partials late records went into: what reconciliation must find and correct. */
    static Set<String> lateKeys(MicroBatchRunData data) {
        long size = data.windowSize().toMillis();
        Set<String> keys = new java.util.TreeSet<>();
        for (OrderStream.Sent s : data.expected().late) {
            long start = s.event().timeMs() - Math.floorMod(s.event().timeMs(), size);
            String key = ExpectedResults.key(start, s.event().store(), s.event().partition());
            if (MicroBatchRun.inRange(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * What the tests know of the micro-batch run.
     *
     * @param sent       the events with their offsets
     * @param expected   the micro-batch answer (on-time cells, late, duplicates, invalid)
     * @param windowSize the pipeline's window
     */
    record MicroBatchRunData(java.util.List<OrderStream.Sent> sent, ExpectedResults expected, Duration windowSize) {
        static MicroBatchRunData current() {
            return new MicroBatchRunData(MicroBatchRun.sent, MicroBatchRun.expected,
                    MicroBatchRun.definition.window().size());
        }
    }
}
