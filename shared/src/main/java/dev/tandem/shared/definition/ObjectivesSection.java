package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.spec.Sizes;
import dev.tandem.shared.spec.SpecReader;

/** The {@code retention} and {@code freshness} sections, with their defaults. */
final class ObjectivesSection {

    static final Retention DEFAULT_RETENTION = new Retention(Duration.ofDays(30), Duration.ofDays(400));
    static final FreshnessObjective DEFAULT_FRESHNESS = new FreshnessObjective(Duration.ofSeconds(5), 0.99);

    private ObjectivesSection() {
    }

    static Retention retention(SpecReader r, JsonNode root) {
        JsonNode node = r.object(root, "", "retention", false, "{raw: 30d, results: 400d}").orElse(null);
        if (node == null) {
            return DEFAULT_RETENTION;
        }
        r.rejectUnknownKeys(node, "retention", Set.of("raw", "results"));
        Duration raw = r.duration(node, "retention", "raw", false, false).orElse(DEFAULT_RETENTION.raw());
        Duration results = r.duration(node, "retention", "results", false, false).orElse(DEFAULT_RETENTION.results());
        return new Retention(raw, results);
    }

    static FreshnessObjective freshness(SpecReader r, JsonNode root) {
        JsonNode node = r.object(root, "", "freshness", false, "{latency: 5s, target: 0.99}").orElse(null);
        if (node == null) {
            return DEFAULT_FRESHNESS;
        }
        r.rejectUnknownKeys(node, "freshness", Set.of("latency", "target", "pacing", "batch", "backfillAfter"));
        Duration latency = r.duration(node, "freshness", "latency", false, false).orElse(DEFAULT_FRESHNESS.latency());
        if (latency.compareTo(FreshnessObjective.MIN_LATENCY) < 0) {
            r.problem("freshness.latency", "'" + node.get("latency").asText() + "' is below "
                    + FreshnessObjective.MIN_LATENCY.toMillis() + "ms, less than a micro-batch's own object writes take",
                    "use at least " + FreshnessObjective.MIN_LATENCY.toMillis() + "ms");
            latency = DEFAULT_FRESHNESS.latency();
        }
        double target = DEFAULT_FRESHNESS.target();
        JsonNode t = node.get("target");
        if (t != null) {
            if (!t.isNumber() || !(t.doubleValue() > 0 && t.doubleValue() <= 1)) {
                r.problem("freshness.target", SpecReader.show(t) + " is not a fraction in (0, 1]",
                        "use e.g. 0.99 for 99% of records");
            } else {
                target = t.doubleValue();
            }
        }
        return new FreshnessObjective(latency, target, pacing(r, node, latency), backfillAfter(r, node, latency));
    }

    /** {@code freshness.backfillAfter}: beyond the latency, or catching up would already have been the answer. */
    private static Optional<Duration> backfillAfter(SpecReader r, JsonNode freshness, Duration latency) {
        Optional<Duration> after = r.duration(freshness, "freshness", "backfillAfter", false, false);
        if (after.isPresent() && after.get().compareTo(latency) <= 0) {
            r.problem("freshness.backfillAfter", "'" + freshness.get("backfillAfter").asText()
                    + "' is not longer than freshness.latency, so every backlog would be cut instead of caught up",
                    "use a duration well above the latency, e.g. " + latency.multipliedBy(60).toSeconds()
                            + "s, or leave it out to always catch up");
            return Optional.empty();
        }
        return after;
    }

    /** {@code freshness.pacing} and {@code freshness.batch}: the batch controller and its bounds. */
    private static PacingSpec pacing(SpecReader r, JsonNode freshness, Duration latency) {
        PacingSpec defaults = PacingSpec.defaults(latency);
        PacingSpec.Mode mode = defaults.mode();
        String modeText = r.text(freshness, "freshness", "pacing", false, "adaptive").orElse(null);
        if (modeText != null) {
            switch (modeText) {
                case "adaptive" -> mode = PacingSpec.Mode.ADAPTIVE;
                case "fixed" -> mode = PacingSpec.Mode.FIXED;
                default -> r.problem("freshness.pacing", "'" + modeText + "' is not a pacing mode",
                        "use adaptive (batches sized to the latency) or fixed (what was read, no wait)");
            }
        }
        JsonNode batch = r.object(freshness, "freshness", "batch", false,
                "{minRecords: 100, maxRecords: 10000, maxBytes: 64MiB, maxWait: 1s}").orElse(null);
        if (batch == null) {
            return new PacingSpec(mode, defaults.minRecords(), defaults.maxRecords(), defaults.maxBytes(),
                    defaults.maxWait());
        }
        r.rejectUnknownKeys(batch, "freshness.batch", Set.of("minRecords", "maxRecords", "maxBytes", "maxWait"));
        int min = count(r, batch, "minRecords", defaults.minRecords());
        int max = count(r, batch, "maxRecords", defaults.maxRecords());
        if (min > max) {
            r.problem("freshness.batch.minRecords", min + " is more than maxRecords (" + max + ")",
                    "make minRecords at most maxRecords");
            min = max;
        }
        long bytes = defaults.maxBytes();
        String bytesText = r.text(batch, "freshness.batch", "maxBytes", false, "64MiB").orElse(null);
        if (bytesText != null) {
            Long parsed = Sizes.parse(bytesText).orElse(null);
            if (parsed == null || parsed < PacingSpec.MIN_BYTES || parsed > PacingSpec.BYTES_LIMIT) {
                r.problem("freshness.batch.maxBytes", "'" + bytesText + "' is not a size from 64KiB to 1GiB",
                        "use e.g. 64MiB");
            } else {
                bytes = parsed;
            }
        }
        Duration wait = r.duration(batch, "freshness.batch", "maxWait", false, true).orElse(defaults.maxWait());
        if (wait.multipliedBy(2).compareTo(latency) >= 0) {
            r.problem("freshness.batch.maxWait", "'" + batch.get("maxWait").asText()
                    + "' is half the freshness latency or more, leaving too little of it for processing",
                    "use at most a quarter of freshness.latency, e.g. " + PacingSpec.defaults(latency).maxWait().toMillis()
                            + "ms");
            wait = defaults.maxWait();
        }
        return new PacingSpec(mode, min, max, bytes, wait);
    }

    private static int count(SpecReader r, JsonNode batch, String key, int fallback) {
        JsonNode n = batch.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1 || n.intValue() > PacingSpec.RECORDS_LIMIT) {
            r.problem("freshness.batch." + key, SpecReader.show(n) + " is not a record count from 1 to "
                    + PacingSpec.RECORDS_LIMIT, "use e.g. " + key + ": " + fallback);
            return fallback;
        }
        return n.intValue();
    }
}
