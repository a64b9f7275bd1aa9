package dev.tandem.engine.pacing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

import dev.tandem.engine.testing.ManualClock;
import dev.tandem.shared.definition.FreshnessObjective;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * One partition on a virtual clock: records arrive at a rate that changes by phase, a consumer
 * reads what has arrived (at most {@link #POLL_RECORDS} per read, as the function's poll), and
 * the real {@link BatchAssembler} and {@link Pacing} form batches; a batch costs a fixed PUT latency
 * plus a time per record. Freshness is measured per record, produce → batch done.
 */
final class PacingSimulation {

    static final int POLL_RECORDS = 5_000;
    private static final byte[] VALUE = new byte[200];
    private static final long NO_DATA_WAIT_NANOS = 100_000_000L;

    /** A stretch of constant arrival rate. */
    record Phase(String name, double seconds, double perSecond) {
    }

    /** Per phase: records, batches, freshness p50/p99 (ms) of the records produced in it. */
    record PhaseResult(String name, long records, long batches, long p50Ms, long p99Ms, long maxRecordsTarget) {
    }

    record Result(List<PhaseResult> phases, List<PacingChange> changes) {
        PhaseResult phase(String name) {
            return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private final FreshnessObjective freshness;
    private final long putNanos;
    private final double perRecordNanos;
    private DoubleUnaryOperator putAt = t -> -1;
    private long now;
    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(EPOCH_MS));

    PacingSimulation(FreshnessObjective freshness, long putNanos, double perRecordNanos) {
        this.freshness = freshness;
        this.putNanos = putNanos;
        this.perRecordNanos = perRecordNanos;
    }

    /** A PUT latency that depends on the time (seconds); negative: the default. */
    PacingSimulation putLatency(DoubleUnaryOperator nanosAtSeconds) {
        this.putAt = nanosAtSeconds;
        return this;
    }

    Result run(double backlogSeconds, double backlogRate, List<Phase> phases) {
        // Arrival times (ns): an optional backlog produced before time 0, then the phases.
        List<long[]> arrivals = new ArrayList<>();
        List<String> phaseOf = new ArrayList<>();
        double t = -backlogSeconds;
        if (backlogSeconds > 0) {
            arrivals.add(times(t, backlogSeconds, backlogRate));
            phaseOf.add("backlog");
        }
        t = 0;
        for (Phase p : phases) {
            arrivals.add(times(t, p.seconds(), p.perSecond()));
            phaseOf.add(p.name());
            t += p.seconds();
        }
        long end = (long) (t * 1e9);
        long[] all = Arrays.stream(arrivals.toArray(long[][]::new)).flatMapToLong(Arrays::stream).toArray();
        long[] done = new long[all.length];
        Arrays.fill(done, -1);

        List<PacingChange> changes = new ArrayList<>();
        long[] batchesIn = new long[arrivals.size()];
        long[] maxTarget = new long[arrivals.size()];
        int[] phaseStart = new int[arrivals.size() + 1];
        for (int i = 0; i < arrivals.size(); i++) {
            phaseStart[i + 1] = phaseStart[i] + arrivals.get(i).length;
        }
        at(0);
        BatchAssembler assembler = new BatchAssembler(p -> Pacing.of(freshness), (p, c) -> changes.add(c),
                () -> now, clock);
        int[] read = {0};
        BatchAssembler.BatchRunner runner = batch -> {
            long put = putAt.applyAsDouble(now / 1e9) >= 0 ? (long) putAt.applyAsDouble(now / 1e9) : putNanos;
            long duration = put + (long) (perRecordNanos * batch.records().size());
            at(now + duration);
            int first = (int) batch.records().get(0).source().offset();
            for (int i = first; i < first + batch.records().size(); i++) {
                done[i] = now;
            }
            int phase = phaseIndex(phaseStart, first);
            batchesIn[phase]++;
            maxTarget[phase] = Math.max(maxTarget[phase], batch.formedWith().records());
            return Optional.of(new BatchAssembler.Ran(duration, put, arrivedBy(all, now) - read[0]));
        };
        while (now < end || read[0] < all.length || assembler.held(0) > 0) {
            int arrived = arrivedBy(all, now);
            if (read[0] < arrived) {
                int n = Math.min(POLL_RECORDS, arrived - read[0]);
                List<RawRecord> poll = new ArrayList<>(n);
                for (int i = read[0]; i < read[0] + n; i++) {
                    poll.add(new RawRecord(new SourceCoordinates("sim", 0, i), EPOCH_MS + Math.floorDiv(all[i], 1_000_000),
                            null, VALUE, List.of()));
                }
                read[0] += n;
                assembler.add(0, poll);
                assembler.drain(0, runner);
                continue;
            }
            if (assembler.drain(0, runner) > 0) {
                continue;
            }
            // Nothing to read: the poll waits for data, up to the fetch wait; the timer checks due batches.
            long next = arrived < all.length ? Math.max(now + 1, all[arrived]) : now + NO_DATA_WAIT_NANOS;
            at(Math.min(next, now + NO_DATA_WAIT_NANOS / 10));
            if (now >= end && read[0] == all.length && assembler.held(0) == 0) {
                break;
            }
        }
        List<PhaseResult> results = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            long[] fresh = new long[phaseStart[i + 1] - phaseStart[i]];
            for (int j = phaseStart[i]; j < phaseStart[i + 1]; j++) {
                fresh[j - phaseStart[i]] = done[j] < 0 ? Long.MAX_VALUE : (done[j] - all[j]) / 1_000_000;
            }
            Arrays.sort(fresh);
            results.add(new PhaseResult(phaseOf.get(i), fresh.length, batchesIn[i], quantile(fresh, 0.5),
                    quantile(fresh, 0.99), maxTarget[i]));
        }
        return new Result(results, changes);
    }

    private static final long EPOCH_MS = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

    /** Moves the virtual time: the assembler's nanosecond clock and its wall clock together. */
    private void at(long nanos) {
        now = nanos;
        clock.set(Instant.ofEpochMilli(EPOCH_MS + Math.floorDiv(nanos, 1_000_000)));
    }

    private static long[] times(double startSeconds, double seconds, double perSecond) {
        int n = (int) Math.round(seconds * perSecond);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = (long) ((startSeconds + i / perSecond) * 1e9);
        }
        return t;
    }

    private static int arrivedBy(long[] all, long now) {
        int i = Arrays.binarySearch(all, now);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < all.length && all[i + 1] == now) {
            i++;
        }
        return i + 1;
    }

    private static int phaseIndex(int[] starts, int index) {
        for (int i = starts.length - 2; i >= 0; i--) {
            if (index >= starts[i]) {
                return i;
            }
        }
        return 0;
    }

    private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
