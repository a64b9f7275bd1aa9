package dev.tandem.demo.run;

import java.util.Map;

/**
 * The micro-batch function's state at one moment of the run, scraped from {@code /q/metrics}.
 *
 * @param seconds       since the generator started
 * @param sent          events the generator had sent
 * @param recordsIn     records received (cumulative)
 * @param invalid       dead-lettered (cumulative)
 * @param late          late (cumulative)
 * @param duplicates    duplicates skipped (cumulative)
 * @param finals        FINAL results emitted (cumulative)
 * @param lag           records behind the end of the topic, all partitions
 * @param freshness     the freshness histogram as scraped (cumulative), for quantiles per interval
 * @param batches       micro-batches done (cumulative)
 * @param batchRecords  records in those batches (cumulative)
 * @param batchSeconds  time spent in them (cumulative)
 * @param pacingRecords the pacing's record target, mean over partitions (NaN before the first batch)
 * @param pacingWaitSeconds its wait target, mean over partitions
 * @param pacingChanges changes of pacing targets so far, by reason (cumulative)
 */
public record Sample(double seconds, long sent, long recordsIn, long invalid, long late, long duplicates, long finals,
        long lag, CumulativeHistogram freshness, long batches,
        long batchRecords, double batchSeconds, double pacingRecords, double pacingWaitSeconds,
        Map<String, Double> pacingChanges) {

    /** Freshness of the records whose effect became visible since {@code earlier}: the {@code q} quantile, NaN if none. */
    public double freshnessSince(Sample earlier, double q) {
        return freshness.minus(earlier.freshness).quantile(q);
    }

    static Sample of(double seconds, long sent, PrometheusText m) {
        String p = "tandem_microbatch_";
        return new Sample(seconds, sent, (long) m.sum(p + "records_in_total"), (long) m.sum(p + "records_invalid_total"),
                (long) m.sum(p + "records_late_total"), (long) m.sum(p + "records_duplicate_total"),
                (long) m.sum(p + "results_final_total"), (long) m.sum(p + "lag_records"),
                m.histogram(p + "freshness_seconds"), (long) m.sum(p + "batch_size_count"), (long) m.sum(p + "batch_size_sum"),
                m.sum(p + "batch_duration_seconds_sum"), m.mean(p + "pacing_target_records"),
                m.mean(p + "pacing_target_wait_seconds"), m.sumBy(p + "pacing_changes_total", "reason"));
    }
}
