package dev.tandem.demo.run;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Prometheus histogram as scraped: upper bound ({@code le}, +Inf included) → observations at or
 * below it, cumulative since the process started. Quantiles over an interval come from the
 * difference of two scrapes ({@link #minus}), as Prometheus' {@code histogram_quantile(rate(...))}
 * computes them; a quantile of one scrape covers the whole run.
 *
 * @param counts upper bound → cumulative count
 */
public record CumulativeHistogram(SortedMap<Double, Double> counts) {

    public CumulativeHistogram {
        counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    /** Observations in all. */
    public double total() {
        return counts.isEmpty() ? 0 : counts.get(counts.lastKey());
    }

    /** What was observed between {@code earlier} and this scrape (a restart resets nothing here). */
    public CumulativeHistogram minus(CumulativeHistogram earlier) {
        SortedMap<Double, Double> delta = new TreeMap<>();
        for (Map.Entry<Double, Double> e : counts.entrySet()) {
            delta.put(e.getKey(), Math.max(0, e.getValue() - earlier.counts.getOrDefault(e.getKey(), 0.0)));
        }
        return new CumulativeHistogram(delta);
    }

    /**
     * The {@code q} quantile, interpolated within the bucket it falls in, as Prometheus'
     * {@code histogram_quantile} does; NaN without observations.
     */
    public double quantile(double q) {
        double total = total();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : counts.entrySet()) {
            if (b.getValue() >= rank) {
                if (Double.isInfinite(b.getKey())) {
                    return lowerBound;
                }
                double inBucket = b.getValue() - lowerCount;
                return inBucket == 0 ? b.getKey()
                        : lowerBound + (b.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return lowerBound;
    }
}
