package dev.tandem.demo.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition ({@code /q/metrics}), by metric name. */
final class PrometheusText {

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * One sample.
     *
     * @param labels its labels
     * @param value  its value
     */
    record Sample(Map<String, String> labels, double value) {
    }

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText t = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            t.samples.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Sample(labels, value));
        }
        return t;
    }

    /** The sum of every sample of {@code name} (0 if none): counters and per-partition gauges. */
    double sum(String name) {
        return samples.getOrDefault(name, List.of()).stream().mapToDouble(Sample::value).filter(v -> !Double.isNaN(v))
                .sum();
    }

    /** The mean of the samples of {@code name} (NaN if none): per-partition gauges. */
    double mean(String name) {
        return samples.getOrDefault(name, List.of()).stream().mapToDouble(Sample::value).filter(v -> !Double.isNaN(v))
                .average().orElse(Double.NaN);
    }

    /** Label value → sum of the samples of {@code name} with it. */
    Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> sums = new java.util.TreeMap<>();
        for (Sample s : all(name)) {
            String v = s.labels().get(label);
            if (v != null) {
                sums.merge(v, s.value(), Double::sum);
            }
        }
        return sums;
    }

    /** The sample of {@code name} whose label {@code label} is {@code value}, or NaN. */
    double with(String name, String label, String value) {
        return samples.getOrDefault(name, List.of()).stream().filter(s -> value.equals(s.labels().get(label)))
                .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    List<Sample> all(String name) {
        return samples.getOrDefault(name, List.of());
    }

    /** The cumulative histogram {@code <name>_bucket}, summed over its other labels (empty if absent). */
    CumulativeHistogram histogram(String name) {
        java.util.SortedMap<Double, Double> counts = new java.util.TreeMap<>();
        for (Sample s : all(name + "_bucket")) {
            String le = s.labels().get("le");
            counts.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value(), Double::sum);
        }
        return new CumulativeHistogram(counts);
    }

    /**
     * The {@code q} quantile of a cumulative histogram ({@code <name>_bucket} with {@code le}
     * labels), interpolated within the bucket it falls in, as Prometheus' histogram_quantile does.
     */
    double histogramQuantile(String name, double q) {
        return histogram(name).quantile(q);
    }

    /** The share of histogram observations at or below {@code le} (the SLO bucket). */
    double shareAtOrBelow(String name, double le) {
        double total = 0;
        double below = 0;
        for (Sample s : all(name + "_bucket")) {
            String bound = s.labels().get("le");
            if (bound.equals("+Inf")) {
                total = s.value();
            } else if (Math.abs(Double.parseDouble(bound) - le) < 1e-9) {
                below = s.value();
            }
        }
        return total == 0 ? Double.NaN : below / total;
    }
}
