package dev.tandem.shared.window;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.spec.SpecReader;

/** The {@code window} section of a pipeline file: {@code {type: tumbling, size: 60s}} or hopping with a slide. */
public final class WindowSection {

    private WindowSection() {
    }

    /** The window, or null after reporting what is wrong with the section. */
    public static WindowSpec read(SpecReader r, JsonNode root) {
        JsonNode node = r.object(root, "", "window", true, "{type: tumbling, size: 60s}").orElse(null);
        if (node == null) {
            return null;
        }
        r.rejectUnknownKeys(node, "window", Set.of("type", "size", "slide"));
        String type = r.text(node, "window", "type", true, "tumbling").orElse(null);
        Duration size = r.duration(node, "window", "size", true, false).orElse(null);
        if (size != null && !WindowSpec.isWholeMillis(size)) {
            r.problem("window.size", "'" + node.get("size").asText() + "' is finer than a millisecond",
                    "use whole milliseconds, e.g. 60s");
            size = null;
        }
        if (type == null) {
            return null;
        }
        switch (type) {
            case "tumbling" -> {
                if (node.has("slide")) {
                    r.problem("window.slide", "is only for hopping windows", "remove it, or use type: hopping");
                }
                return size == null ? null : WindowSpec.tumbling(size);
            }
            case "hopping" -> {
                Duration slide = r.duration(node, "window", "slide", true, false).orElse(null);
                if (size == null || slide == null) {
                    return null;
                }
                if (!WindowSpec.slideDivides(size, slide) || !WindowSpec.isWholeMillis(slide)) {
                    r.problem("window.slide", "'" + node.get("slide").asText() + "' does not divide the size "
                            + node.get("size").asText(), "use a slide that divides the size, e.g. size 60s, slide 30s");
                    return null;
                }
                return WindowSpec.hopping(size, slide);
            }
            default -> {
                r.problem("window.type", "'" + type + "' is not a window type", "use tumbling or hopping");
                return null;
            }
        }
    }
}
