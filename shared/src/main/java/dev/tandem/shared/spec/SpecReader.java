package dev.tandem.shared.spec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/**
 * Reads typed values out of a parsed pipeline file and collects a {@link DefinitionProblem} for
 * everything missing, mistyped or unknown, so one load reports every problem at once. Each concept
 * package reads its own section with it; field references are checked against the current schema
 * once it is known ({@link #checkFieldsAgainst}).
 */
public final class SpecReader {

    /** A field path as pipeline files write it: dotted names. */
    public static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** The JSON types the current schema declares for a field, or empty if it declares no such field. */
    @FunctionalInterface
    public interface FieldTypes {
        Optional<Set<String>> typesOf(FieldPath field);
    }

    private final String file;
    private final List<DefinitionProblem> problems = new ArrayList<>();
    private FieldTypes fieldTypes;

    public SpecReader(String file) {
        this.file = file;
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public void problem(String field, String problem, String fix) {
        problems.add(new DefinitionProblem(file, field, problem, fix));
    }

    /** From now on field references are checked against these declared types (none: not checked). */
    public void checkFieldsAgainst(FieldTypes types) {
        this.fieldTypes = types;
    }

    public static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Reports keys of {@code node} that are not in {@code known}, suggesting the closest known one. */
    public void rejectUnknownKeys(JsonNode node, String at, Set<String> known) {
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

    public Optional<JsonNode> object(JsonNode parent, String at, String key, boolean required, String example) {
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

    public Optional<List<JsonNode>> list(JsonNode parent, String at, String key, boolean required, String example) {
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

    /** Reads one item of a list section: its path (e.g. {@code rules[2]}) and its mapping. */
    @FunctionalInterface
    public interface ItemReader {
        void read(String at, JsonNode item);
    }

    /**
     * Hands each item of the list {@code items} under {@code key} to {@code reader}, in order, after
     * reporting the items that are not mappings (and so are not handed on).
     */
    public void eachMapping(List<JsonNode> items, String key, String itemExample, ItemReader reader) {
        for (int i = 0; i < items.size(); i++) {
            String at = key + "[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problem(at, "must be a mapping (was: " + show(item) + ")", "write e.g. " + itemExample);
                continue;
            }
            reader.read(at, item);
        }
    }

    public Optional<String> text(JsonNode parent, String at, String key, boolean required, String example) {
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

    public Optional<Duration> duration(JsonNode parent, String at, String key, boolean required, boolean zeroAllowed) {
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

    public Optional<BigDecimal> number(JsonNode parent, String at, String key) {
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

    /**
     * A field reference under {@code parent.key} that must be declared in the current schema with one
     * of {@code types} (null: any type); null after reporting a problem, or if absent and optional.
     */
    public FieldPath field(JsonNode parent, String at, String key, boolean required, String example,
            Set<String> types) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path(at, key), "is missing", "add it, e.g. " + key + ": " + example);
            }
            return null;
        }
        return fieldValue(node, path(at, key), types);
    }

    /** A field reference given as {@code node} at {@code at}; see {@link #field}. */
    public FieldPath fieldValue(JsonNode node, String at, Set<String> types) {
        if (!node.isTextual() || !FIELD.matcher(node.asText()).matches()) {
            problem(at, show(node) + " is not a field path",
                    "name a schema property, nested ones with dots, e.g. customer.email");
            return null;
        }
        FieldPath field = FieldPath.parse(node.asText());
        if (fieldTypes == null) {
            return field;
        }
        Optional<Set<String>> declared = fieldTypes.typesOf(field);
        if (declared.isEmpty()) {
            problem(at, "'" + field + "' is not declared in the current schema",
                    "add it to the schema's properties or name a declared field");
            return null;
        }
        if (types != null && !declared.get().isEmpty() && declared.get().stream().noneMatch(types::contains)) {
            problem(at, "'" + field + "' has type " + declared.get() + " in the current schema",
                    "name a field of type " + String.join(" or ", new TreeSet<>(types)));
            return null;
        }
        return field;
    }

    /** A value as a message quotes it, cut at 60 characters. */
    public static String show(JsonNode node) {
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
