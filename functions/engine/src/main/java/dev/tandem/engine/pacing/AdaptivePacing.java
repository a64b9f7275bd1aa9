package dev.tandem.engine.pacing;

import java.time.Duration;

import dev.tandem.shared.definition.FreshnessObjective;
import dev.tandem.shared.definition.PacingSpec;

/**
 * Additive-increase, multiplicative-decrease pacing against the freshness latency {@code L}, with a
 * catch-up mode for backlogs. After each batch formed under the current targets (batches formed
 * under older ones are not judged: they would judge the old targets), the first rule that applies
 * decides:
 *
 * <ol>
 * <li><b>catch-up</b>: the next record to process is already older than {@code L/2} and more than
 * one batch of records waits → {@code maxRecords} and a wait of {@code maxWait/8} (so the reads that
 * queued up during a batch join the next one), until the next record is younger than
 * {@code L/4} (<b>caught-up</b>: the targets from before return). A backlog is read in the largest
 * batches, each paying the fixed cost once.</li>
 * <li><b>saturated</b>: processing took more than 80% of the time between two batches and the batch
 * was full → records × 1.5, or more if the model says so: with one PUT of latency {@code p} and
 * {@code c} per record, batches of {@code n} records keep up with an arrival rate {@code λ} only if
 * {@code n > λp / (1 − λc)}; the target becomes at least 1.5 times that. The wait grows to at least
 * {@code maxWait/8}, so batches can gather more than one read.</li>
 * <li><b>over-budget</b>: the oldest record of the batch took more than {@code 0.8 L} → records
 * and wait halved (multiplicative decrease).</li>
 * <li><b>headroom</b>: it took less than {@code 0.5 L} → a full batch adds {@code (max − min)/32}
 * records, a batch closed by its wait adds {@code maxWait/8} of wait (additive increase), but only
 * while the freshness predicted from the processing time per record stays under {@code 0.8 L}.</li>
 * </ol>
 *
 * <p>Everything stays within the pipeline's bounds ({@link PacingSpec}). The byte target follows the
 * record target at twice the mean record size, so it only binds on unusually large records.
 */
final class AdaptivePacing implements Pacing {

    static final double OVER_BUDGET = 0.8;
    static final double HEADROOM = 0.5;
    static final double CATCH_UP_BEHIND = 0.5;
    static final double CAUGHT_UP_BEHIND = 0.25;
    static final double SATURATED_BUSY = 0.8;
    static final double GROWTH = 1.5;
    static final int RECORD_STEPS = 32;
    static final int WAIT_STEPS = 8;
    static final int START_RECORDS = 5_000;
    /** Weight of the newest sample in the running estimates. */
    private static final double EWMA = 0.3;

    private final PacingSpec spec;
    private final long latencyMs;
    private final int recordStep;
    private final long waitStepNanos;
    private int records;
    private long waitNanos;
    private PacingTargets current;
    private PacingTargets beforeCatchUp;
    private double recordBytes = 1024;
    private double perRecordNanos = -1;
    private double putNanos = -1;

    AdaptivePacing(FreshnessObjective freshness) {
        this.spec = freshness.pacing();
        this.latencyMs = freshness.latency().toMillis();
        this.recordStep = Math.max(1, (spec.maxRecords() - spec.minRecords()) / RECORD_STEPS);
        this.waitStepNanos = spec.maxWait().toNanos() / WAIT_STEPS;
        this.records = clampRecords(START_RECORDS);
        this.waitNanos = 0;
        this.current = build();
    }

    @Override
    public PacingTargets targets() {
        return current;
    }

    @Override
    public PacingChange observe(PacingObservation o) {
        learn(o);
        if (!o.formedWith().equals(current)) {
            return PacingChange.unchanged(current);
        }
        if (beforeCatchUp != null) {
            if (o.behindMs() <= CAUGHT_UP_BEHIND * latencyMs) {
                current = beforeCatchUp;
                records = current.records();
                waitNanos = current.waitTime().toNanos();
                beforeCatchUp = null;
                return new PacingChange(current, PacingReason.CAUGHT_UP);
            }
            return PacingChange.unchanged(current);
        }
        if (o.behindMs() > CATCH_UP_BEHIND * latencyMs && o.lagRecords() > records) {
            beforeCatchUp = current;
            records = spec.maxRecords();
            // A short wait lets the reads that queued up during the last batch join the next one.
            waitNanos = waitStepNanos;
            return change(PacingReason.CATCH_UP);
        }
        if (o.busy() > SATURATED_BUSY && o.full()) {
            int grown = Math.max((int) Math.ceil(records * GROWTH), stableRecords(o));
            records = clampRecords(grown);
            waitNanos = Math.min(spec.maxWait().toNanos(), Math.max(waitNanos, waitStepNanos));
            return change(PacingReason.SATURATED);
        }
        if (o.freshnessMaxMs() > OVER_BUDGET * latencyMs) {
            records = clampRecords(records / 2);
            waitNanos = waitNanos / 2 < 1_000_000 ? 0 : waitNanos / 2;
            return change(PacingReason.OVER_BUDGET);
        }
        if (o.freshnessMaxMs() < HEADROOM * latencyMs) {
            if (o.full()) {
                int more = clampRecords(records + recordStep);
                if (predictedMs(o, more - records, 0) < OVER_BUDGET * latencyMs) {
                    records = more;
                }
            } else {
                long more = Math.min(spec.maxWait().toNanos(), waitNanos + waitStepNanos);
                if (predictedMs(o, 0, more - waitNanos) < OVER_BUDGET * latencyMs) {
                    waitNanos = more;
                }
            }
            return change(PacingReason.HEADROOM);
        }
        return PacingChange.unchanged(current);
    }

    /** Running estimates of record size, processing time per record and PUT latency. */
    private void learn(PacingObservation o) {
        if (o.records() == 0) {
            return;
        }
        recordBytes = ewma(recordBytes, o.bytes() / (double) o.records());
        putNanos = putNanos < 0 ? o.putNanos() : ewma(putNanos, o.putNanos());
        double perRecord = Math.max(0, o.durationNanos() - o.putNanos()) / (double) o.records();
        perRecordNanos = perRecordNanos < 0 ? perRecord : ewma(perRecordNanos, perRecord);
    }

    private static double ewma(double previous, double sample) {
        return previous + EWMA * (sample - previous);
    }

    /**
     * 1.5 × the smallest batch that keeps up with the arrival rate seen in this cycle, or the maximum
     * if none does.
     */
    private int stableRecords(PacingObservation o) {
        if (o.cycleNanos() <= 0 || perRecordNanos < 0) {
            return 0;
        }
        double arrivalPerNano = o.records() / (double) o.cycleNanos();
        double perRecordLoad = arrivalPerNano * perRecordNanos;
        if (perRecordLoad >= 1) {
            return spec.maxRecords();
        }
        double n = arrivalPerNano * putNanos / (1 - perRecordLoad);
        return (int) Math.min(spec.maxRecords(), Math.ceil(GROWTH * n));
    }

    /** The batch's freshness if it had had {@code moreRecords} and {@code moreWaitNanos} more. */
    private double predictedMs(PacingObservation o, int moreRecords, long moreWaitNanos) {
        double perRecord = Math.max(0, perRecordNanos);
        return o.freshnessMaxMs() + (moreRecords * perRecord + moreWaitNanos) / 1e6;
    }

    private PacingChange change(PacingReason reason) {
        if (records == current.records() && waitNanos == current.waitTime().toNanos()) {
            return PacingChange.unchanged(current);
        }
        current = build();
        return new PacingChange(current, reason);
    }

    private PacingTargets build() {
        long bytes = (long) Math.min(spec.maxBytes(), Math.max(PacingSpec.MIN_BYTES, 2 * recordBytes * records));
        return new PacingTargets(records, bytes, Duration.ofNanos(waitNanos));
    }

    private int clampRecords(int n) {
        return Math.max(spec.minRecords(), Math.min(spec.maxRecords(), n));
    }
}
