package dev.tandem.demo.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Quantiles per interval from two scrapes of a cumulative histogram. */
class CumulativeHistogramTest {

    private static CumulativeHistogram of(double le1, double le2, double le5, double inf) {
        return new CumulativeHistogram(new TreeMap<>(Map.of(1.0, le1, 2.0, le2, 5.0, le5,
                Double.POSITIVE_INFINITY, inf)));
    }

    @Test
    void anIntervalsQuantileSeesOnlyWhatWasObservedInIt() {
        // A slow cold start: 100 records over 2 s ...
        CumulativeHistogram first = of(0, 0, 100, 100);
        // ... then 900 fast ones.
        CumulativeHistogram second = of(900, 900, 1_000, 1_000);

        assertThat(second.quantile(0.99)).as("cumulative: carries the cold start").isGreaterThan(2.0);
        assertThat(second.minus(first).quantile(0.99)).as("the interval alone").isLessThanOrEqualTo(1.0);
        assertThat(second.minus(first).total()).isEqualTo(900);
    }

    @Test
    void interpolatesWithinTheBucketAsPrometheusDoes() {
        CumulativeHistogram h = of(0, 100, 100, 100);

        assertThat(h.quantile(0.5)).isCloseTo(1.5, within(1e-9));
        assertThat(new CumulativeHistogram(new TreeMap<>()).quantile(0.99)).isNaN();
        assertThat(of(0, 0, 0, 0).minus(of(0, 0, 0, 0)).quantile(0.5)).isNaN();
    }

    @Test
    void aQuantileInTheInfiniteBucketIsItsLowerBound() {
        assertThat(of(0, 0, 0, 10).quantile(0.99)).isEqualTo(5.0);
    }
}
