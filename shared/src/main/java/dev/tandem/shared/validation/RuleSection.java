package dev.tandem.shared.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.spec.SpecReader;

/**
 * The {@code rules} section of a pipeline file: data-quality rules beyond the schema, each with a
 * unique name, a declared field and exactly one of {@code range}, {@code pattern}, {@code allowed}
 * or {@code required}.
 */
public final class RuleSection {

    private static final List<String> KINDS = List.of("range", "pattern", "allowed", "required");

    private RuleSection() {
    }

    /** The rules that are valid; problems with the others are reported. */
    public static List<QualityRule> read(SpecReader r, JsonNode root) {
        List<JsonNode> items = r.list(root, "", "rules", false, "[{name: positive, field: amount, range: {min: 0}}]")
                .orElse(List.of());
        List<QualityRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        r.eachMapping(items, "rules", "{name: positive-amount, field: amount, range: {min: 0}}",
                (at, item) -> readItem(r, at, item, names, rules));
        return rules;
    }

    private static void readItem(SpecReader r, String at, JsonNode item, Set<String> names, List<QualityRule> rules) {
        r.rejectUnknownKeys(item, at, Set.of("name", "field", "range", "pattern", "allowed", "required"));
        String name = r.text(item, at, "name", true, "positive-amount").orElse(null);
        if (name != null && !names.add(name)) {
            r.problem(at + ".name", "'" + name + "' is used by another rule", "give each rule its own name");
            name = null;
        }
        List<String> kinds = KINDS.stream().filter(item::has).toList();
        if (kinds.size() != 1) {
            r.problem(at, kinds.isEmpty() ? "says nothing to check" : "mixes " + kinds,
                    "give exactly one of range, pattern, allowed or required");
            return;
        }
        String kind = kinds.get(0);
        Set<String> types = switch (kind) {
            case "range" -> Set.of("number", "integer");
            case "pattern" -> Set.of("string");
            default -> null;
        };
        FieldPath field = r.field(item, at, "field", true, "amount", types);
        if (name == null || field == null) {
            return;
        }
        rule(r, item, at, kind, name, field).ifPresent(rules::add);
    }

    private static Optional<QualityRule> rule(SpecReader r, JsonNode item, String at, String kind, String name,
            FieldPath field) {
        switch (kind) {
            case "range" -> {
                JsonNode range = r.object(item, at, "range", true, "{min: 0, max: 10000}").orElse(null);
                if (range == null) {
                    return Optional.empty();
                }
                r.rejectUnknownKeys(range, at + ".range", Set.of("min", "max"));
                Optional<BigDecimal> min = r.number(range, at + ".range", "min");
                Optional<BigDecimal> max = r.number(range, at + ".range", "max");
                if (min.isEmpty() && max.isEmpty()) {
                    r.problem(at + ".range", "has neither min nor max", "give min, max or both, e.g. {min: 0}");
                    return Optional.empty();
                }
                if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                    r.problem(at + ".range", "min " + min.get() + " is above max " + max.get(), "swap them");
                    return Optional.empty();
                }
                return Optional.of(new RangeRule(name, field, min, max));
            }
            case "pattern" -> {
                String regex = r.text(item, at, "pattern", true, "'^[A-Z]{3}$'").orElse(null);
                if (regex == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(new PatternRule(name, field, Pattern.compile(regex)));
                } catch (PatternSyntaxException e) {
                    r.problem(at + ".pattern", "'" + regex + "' is not a regular expression: " + e.getDescription(),
                            "write a Java regular expression, e.g. '^[A-Z]{3}$'");
                    return Optional.empty();
                }
            }
            case "allowed" -> {
                List<JsonNode> values = r.list(item, at, "allowed", true, "[EUR, USD]").orElse(List.of());
                Set<String> allowed = new LinkedHashSet<>();
                values.forEach(v -> allowed.add(v.asText()));
                if (allowed.isEmpty()) {
                    r.problem(at + ".allowed", "is empty", "list the allowed values, e.g. [EUR, USD]");
                    return Optional.empty();
                }
                return Optional.of(new AllowedValuesRule(name, field, allowed));
            }
            default -> {
                JsonNode required = item.get("required");
                if (!required.isBoolean() || !required.booleanValue()) {
                    r.problem(at + ".required", "must be true (was: " + SpecReader.show(required) + ")",
                            "write required: true, or remove the rule");
                    return Optional.empty();
                }
                return Optional.of(new RequiredRule(name, field));
            }
        }
    }
}
