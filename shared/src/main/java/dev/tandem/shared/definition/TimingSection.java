package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.spec.SpecReader;
import dev.tandem.shared.window.WindowSpec;

/**
 * The event-time settings beside the window: {@code lateness}, the {@code dedupe} horizon (at least
 * the window size plus the lateness, so a duplicate is caught while its window can still change;
 * that by default) and {@code idlePartitionTimeout}.
 */
final class TimingSection {

    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private TimingSection() {
    }

    static Duration lateness(SpecReader r, JsonNode root) {
        return r.duration(root, "", "lateness", true, true).orElse(null);
    }

    static Duration dedupeHorizon(SpecReader r, JsonNode root, WindowSpec window, Duration lateness) {
        JsonNode node = r.object(root, "", "dedupe", false, "{horizon: 10m}").orElse(null);
        Duration horizon = null;
        if (node != null) {
            r.rejectUnknownKeys(node, "dedupe", Set.of("horizon"));
            horizon = r.duration(node, "dedupe", "horizon", true, false).orElse(null);
        }
        if (window == null || lateness == null) {
            return horizon;
        }
        Duration minimum = window.size().plus(lateness);
        if (horizon == null) {
            return node == null ? minimum : null;
        }
        if (horizon.compareTo(minimum) < 0) {
            r.problem("dedupe.horizon", "'" + node.get("horizon").asText()
                    + "' is shorter than the window size plus the lateness (" + minimum.toSeconds() + "s)",
                    "use at least " + minimum.toSeconds() + "s, so a duplicate is caught while its window can still change");
            return null;
        }
        return horizon;
    }

    static Duration idlePartitionTimeout(SpecReader r, JsonNode root) {
        return r.duration(root, "", "idlePartitionTimeout", false, false).orElse(DEFAULT_IDLE_TIMEOUT);
    }
}
