package dev.tandem.shared.definition;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads typed values out of a parsed pipeline file and collects a {@link DefinitionProblem} for
 * everything missing, mistyped or unknown, so one load reports every problem at once.
 */
final class DefinitionReader {

    private final String file;
    private final List<DefinitionProblem> problems = new ArrayList<>();

    DefinitionReader(String file) {
        this.file = file;
    }

    List<DefinitionProblem> problems() {
        return problems;
    }

    void problem(String field, String problem, String fix) {
        problems.add(new DefinitionProblem(file, field, problem, fix));
    }

    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Reports keys of {@code node} that are not in {@code known}, suggesting the closest known one. */
    void rejectUnknownKeys(JsonNode node, String at, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!known.contains(key)) {
                String closest = known.stream().min(Comparator.comparingInt(k -> editDistance(k, key))).orElse("");
                String fix = editDistance(closest, key) <= 2 ? "did you mean '" + closest + "'?"
                        : "remove it; known fields here: " + known.stream().sorted().toList();
                problem(path(at, key), "is not a known field", fix);
            }
        }
    }

    Optional<JsonNode> object(JsonNode parent, String at, String key, boolean required, String example) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path(at, key), "is missing", "add it, e.g. " + example);
            }
            return Optional.empty();
        }
        if (!node.isObject()) {
            problem(path(at, key), "must be a mapping (was: " + show(node) + ")", "write it as e.g. " + example);
            return Optional.empty();
        }
        return Optional.of(node);
    }

    Optional<List<JsonNode>> list(JsonNode parent, String at, String key, boolean required, String example) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path(at, key), "is missing", "add it, e.g. " + example);
            }
            return Optional.empty();
        }
        if (!node.isArray()) {
            problem(path(at, key), "must be a list (was: " + show(node) + ")", "write it as e.g. " + example);
            return Optional.empty();
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return Optional.of(items);
    }

    Optional<String> text(JsonNode parent, String at, String key, boolean required, String example) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path(at, key), "is missing", "add it, e.g. " + key + ": " + example);
            }
            return Optional.empty();
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            problem(path(at, key), "must be text (was: " + show(node) + ")", "write e.g. " + key + ": " + example);
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    Optional<Duration> duration(JsonNode parent, String at, String key, boolean required, boolean zeroAllowed) {
        Optional<String> text = text(parent, at, key, required, "60s");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(text.get());
        if (d.isEmpty()) {
            problem(path(at, key), "'" + text.get() + "' is not a duration", "use e.g. 60s, 5m");
            return Optional.empty();
        }
        if (d.get().isNegative() || (!zeroAllowed && d.get().isZero())) {
            problem(path(at, key), "'" + text.get() + "' must be " + (zeroAllowed ? "0 or more" : "more than 0"),
                    "use e.g. 60s, 5m");
            return Optional.empty();
        }
        return d;
    }

    Optional<BigDecimal> number(JsonNode parent, String at, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            problem(path(at, key), "must be a number (was: " + show(node) + ")", "write e.g. " + key + ": 0");
            return Optional.empty();
        }
        return Optional.of(node.decimalValue());
    }

    static String show(JsonNode node) {
        String text = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
