package dev.tandem.demo.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    static final String TEXT = """
            # HELP tandem_microbatch_records_in_total Records received
            # TYPE tandem_microbatch_records_in_total counter
            tandem_microbatch_records_in_total{pipeline="orders"} 1200.0
            tandem_microbatch_lag_records{partition="0",pipeline="orders"} 5.0
            tandem_microbatch_lag_records{partition="1",pipeline="orders"} 7.0
            tandem_microbatch_freshness_seconds{pipeline="orders",quantile="0.99"} 1.25
            tandem_microbatch_freshness_seconds_bucket{pipeline="orders",le="0.1"} 10.0
            tandem_microbatch_freshness_seconds_bucket{pipeline="orders",le="1.0"} 90.0
            tandem_microbatch_freshness_seconds_bucket{pipeline="orders",le="5.0"} 99.0
            tandem_microbatch_freshness_seconds_bucket{pipeline="orders",le="+Inf"} 100.0
            """;

    @Test
    void sumsCountersAndGaugesAcrossLabels() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertThat(m.sum("tandem_microbatch_records_in_total")).isEqualTo(1200.0);
        assertThat(m.sum("tandem_microbatch_lag_records")).isEqualTo(12.0);
        assertThat(m.sum("missing")).isZero();
        assertThat(m.with("tandem_microbatch_freshness_seconds", "quantile", "0.99")).isEqualTo(1.25);
    }

    @Test
    void interpolatesHistogramQuantilesAndTheSloShareLikePrometheus() {
        PrometheusText m = PrometheusText.parse(TEXT);
        // Rank 50 of 100 falls in (0.1, 1.0], which holds observations 11..90: 0.1 + 0.9 * 40/80.
        assertThat(m.histogramQuantile("tandem_microbatch_freshness_seconds", 0.5)).isCloseTo(0.55, within(1e-9));
        // Rank 99 is the top of (1.0, 5.0].
        assertThat(m.histogramQuantile("tandem_microbatch_freshness_seconds", 0.99)).isCloseTo(5.0, within(1e-9));
        assertThat(m.shareAtOrBelow("tandem_microbatch_freshness_seconds", 5.0)).isCloseTo(0.99, within(1e-9));
    }
}
