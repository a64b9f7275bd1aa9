package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.time.Duration;

import dev.tandem.shared.definition.FreshnessObjective;

/**
 * The freshness objective's error budget as it is spent: of the records whose effect became
 * visible in a trailing window, the share that took longer than {@code latency}, against the share
 * the objective allows ({@code 1 - target}). That ratio is the window's <em>burn rate</em>: 1 spends
 * the budget exactly as fast as the objective allows, 14.4 spends a 30-day budget in about two
 * days. Alerting on two windows at once (a short one to react, a long one to be sure) is the usual
 * multi-window, multi-burn-rate scheme; {@code infra/deploy/prometheus} has the rules.
 *
 * <p>Counts live in fixed buckets of processing time (10 s) covering the longest window, so memory
 * is constant and a window's sum is exact to one bucket.
 */
public final class FreshnessBudget {

    /** The windows the function exports, shortest first. */
    public static final Duration[] WINDOWS = {Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(6)};
    private static final long BUCKET_MS = 10_000;

    private final long latencyMs;
    private final double allowedBadShare;
    private final Clock clock;
    private final int buckets;
    private final long[] total;
    private final long[] bad;
    private final long[] bucketStart;

    public FreshnessBudget(FreshnessObjective objective, Clock clock) {
        this.latencyMs = objective.latency().toMillis();
        this.allowedBadShare = 1 - objective.target();
        this.clock = clock;
        this.buckets = (int) (WINDOWS[WINDOWS.length - 1].toMillis() / BUCKET_MS) + 1;
        this.total = new long[buckets];
        this.bad = new long[buckets];
        this.bucketStart = new long[buckets];
    }

    /** One record's freshness, produce time to its effect being visible. */
    public void record(long freshnessMs) {
        record(new long[] {freshnessMs});
    }

    /** The freshness of every record of one batch: one clock read and one lock per batch. */
    public synchronized void record(long[] freshnessMs) {
        int i = bucketFor(clock.millis());
        total[i] += freshnessMs.length;
        for (long f : freshnessMs) {
            if (f > latencyMs) {
                bad[i]++;
            }
        }
    }

    /**
     * The burn rate over the trailing {@code window}: the share of records slower than the latency
     * divided by the share the objective allows; 0 when no record became visible in the window.
     */
    public synchronized double burnRate(Duration window) {
        long now = clock.millis();
        long from = now - window.toMillis();
        long t = 0;
        long b = 0;
        for (int i = 0; i < buckets; i++) {
            if (bucketStart[i] > from - BUCKET_MS && bucketStart[i] <= now && total[i] > 0) {
                t += total[i];
                b += bad[i];
            }
        }
        if (t == 0) {
            return 0;
        }
        double badShare = (double) b / t;
        return allowedBadShare <= 0 ? (b > 0 ? Double.POSITIVE_INFINITY : 0) : badShare / allowedBadShare;
    }

    /** The share of the error budget left over the trailing {@code window}: 1 − its burn rate, at least 0. */
    public double budgetRemaining(Duration window) {
        return Math.max(0, 1 - burnRate(window));
    }

    private int bucketFor(long nowMs) {
        long start = nowMs - Math.floorMod(nowMs, BUCKET_MS);
        int i = (int) Math.floorMod(start / BUCKET_MS, (long) buckets);
        if (bucketStart[i] != start) {
            bucketStart[i] = start;
            total[i] = 0;
            bad[i] = 0;
        }
        return i;
    }
}
