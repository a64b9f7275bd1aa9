package dev.tandem.shared.aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.spec.SpecReader;

/**
 * The {@code aggregates} section of a pipeline file: a list of {@code {name, function, field,
 * quantiles}}, names unique, fields declared in the current schema (numeric where the function adds
 * or compares), ranks in (0, 1).
 */
public final class AggregateSection {

    private AggregateSection() {
    }

    /** The aggregates that are valid; problems with the others are reported. */
    public static List<AggregateSpec> read(SpecReader r, JsonNode root) {
        List<JsonNode> items = r.list(root, "", "aggregates", true, "[{name: orders, function: count}]")
                .orElse(List.of());
        if (items.isEmpty() && root.has("aggregates")) {
            r.problem("aggregates", "is empty", "add at least one, e.g. {name: orders, function: count}");
        }
        List<AggregateSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        r.eachMapping(items, "aggregates", "{name: revenue, function: sum, field: amount}",
                (at, item) -> readItem(r, at, item, names, specs));
        return specs;
    }

    private static void readItem(SpecReader r, String at, JsonNode item, Set<String> names, List<AggregateSpec> specs) {
        r.rejectUnknownKeys(item, at, Set.of("name", "function", "field", "quantiles"));
        String name = r.text(item, at, "name", true, "revenue").orElse(null);
        if (name != null && !SpecReader.FIELD.matcher(name).matches()) {
            r.problem(at + ".name", "'" + name + "' is not a valid aggregate name",
                    "use letters, digits and '_', starting with a letter");
            name = null;
        } else if (name != null && !names.add(name)) {
            r.problem(at + ".name", "'" + name + "' is used by another aggregate", "give each aggregate its own name");
            name = null;
        }
        AggregateFunction fn = function(r, item, at);
        if (fn == null || name == null) {
            return;
        }
        FieldPath field = null;
        if (fn.needsField()) {
            field = r.field(item, at, "field", true, "amount", fn.needsNumber() ? Set.of("number", "integer") : null);
        } else if (item.has("field")) {
            r.problem(at + ".field", "count takes no field", "remove it; count counts events");
        }
        List<Double> quantiles = List.of();
        if (fn == AggregateFunction.QUANTILES) {
            quantiles = ranks(r, item, at);
        } else if (item.has("quantiles")) {
            r.problem(at + ".quantiles", "is only for the quantiles function", "remove it");
        }
        if ((fn.needsField() && field == null) || (fn == AggregateFunction.QUANTILES && quantiles.isEmpty())) {
            return;
        }
        specs.add(new AggregateSpec(name, fn, Optional.ofNullable(field), quantiles));
    }

    private static AggregateFunction function(SpecReader r, JsonNode item, String at) {
        String text = r.text(item, at, "function", true, "sum").orElse(null);
        if (text == null) {
            return null;
        }
        try {
            return AggregateFunction.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            r.problem(at + ".function", "'" + text + "' is not an aggregate function",
                    "use one of count, sum, min, max, avg, distinct, quantiles");
            return null;
        }
    }

    private static List<Double> ranks(SpecReader r, JsonNode item, String at) {
        List<JsonNode> ranks = r.list(item, at, "quantiles", true, "[0.5, 0.99]").orElse(List.of());
        List<Double> out = new ArrayList<>();
        for (int j = 0; j < ranks.size(); j++) {
            JsonNode q = ranks.get(j);
            if (!q.isNumber() || !(q.doubleValue() > 0 && q.doubleValue() < 1)) {
                r.problem(at + ".quantiles[" + j + "]", SpecReader.show(q) + " is not a rank in (0, 1)",
                        "use e.g. 0.5 for the median, 0.99 for the 99th percentile");
                return List.of();
            }
            out.add(q.doubleValue());
        }
        if (ranks.isEmpty() && item.has("quantiles")) {
            r.problem(at + ".quantiles", "is empty", "list the ranks to report, e.g. [0.5, 0.99]");
        }
        return out;
    }
}
