package dev.tandem.shared.definition;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.spec.SpecReader;

/** The {@code source} section: the topic the events come from and their format. */
final class SourceSection {

    /** Kafka's own rule for topic names. */
    static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private SourceSection() {
    }

    static SourceSpec read(SpecReader r, JsonNode root) {
        JsonNode node = r.object(root, "", "source", true, "{topic: orders, format: json}").orElse(null);
        if (node == null) {
            return null;
        }
        r.rejectUnknownKeys(node, "source", Set.of("topic", "format"));
        String topic = r.text(node, "source", "topic", true, "orders").orElse(null);
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            r.problem("source.topic", "'" + topic + "' is not a valid Kafka topic name",
                    "use letters, digits, '.', '_' or '-' (at most 249)");
            topic = null;
        }
        String formatText = r.text(node, "source", "format", false, "json").orElse("json");
        SourceFormat format = switch (formatText.toLowerCase(Locale.ROOT)) {
            case "json" -> SourceFormat.JSON;
            case "cloudevents" -> SourceFormat.CLOUDEVENTS;
            default -> {
                r.problem("source.format", "'" + formatText + "' is not a supported format", "use json or cloudevents");
                yield null;
            }
        };
        return topic == null || format == null ? null : new SourceSpec(topic, format);
    }
}
