package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

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
        r.rejectUnknownKeys(node, "freshness", Set.of("latency", "target"));
        Duration latency = r.duration(node, "freshness", "latency", false, false).orElse(DEFAULT_FRESHNESS.latency());
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
        return new FreshnessObjective(latency, target);
    }
}
