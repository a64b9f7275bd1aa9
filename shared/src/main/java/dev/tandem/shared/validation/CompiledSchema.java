package dev.tandem.shared.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A fast yes/no check of a payload against a JSON Schema, compiled once into plain Java for the
 * keywords event schemas use; the networknt validator stays the reference. It answers only
 * <em>whether</em> a payload is valid: for an invalid one the caller asks networknt for the
 * messages, so every dead-letter reason is the library's. A schema using anything else —
 * references, combinators, conditionals, other formats or drafts — does not compile
 * ({@link #compile} returns empty) and networknt checks every payload as before.
 *
 * <p>Covered: {@code type} (one or several), {@code properties}, {@code required},
 * {@code additionalProperties}, {@code enum} of strings, booleans and nulls, {@code minimum},
 * {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code minLength},
 * {@code maxLength}, {@code pattern}, {@code format} {@code date-time} and {@code date} (networknt's
 * own format checks), {@code items} (one schema for all), {@code minItems}, {@code maxItems},
 * boolean schemas, and annotations. Drafts 2019-09 and 2020-12 (the default). The differential
 * test ({@code CompiledSchemaTest}) holds each verdict equal to networknt's.
 */
final class CompiledSchema {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "$comment",
            "examples", "default", "deprecated", "readOnly", "writeOnly");
    private static final Set<String> DRAFTS = Set.of("https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema");

    /** The JSON types as bits of a mask ({@link SchemaKeywords#types} reads {@code type} into one). */
    static final int OBJECT = 1;
    static final int ARRAY = 2;
    static final int STRING = 4;
    static final int NUMBER = 8;
    static final int INTEGER = 16;
    static final int BOOLEAN = 32;
    static final int NULL = 64;
    private static final int ANY = 127;

    /** A boolean schema: {@code true} accepts everything, {@code false} nothing. */
    private final Boolean constant;
    private int types = ANY;
    private Map<String, CompiledSchema> properties = Map.of();
    /**
     * The required names that are not among {@link #properties}, looked up one by one; those that are
     * ({@link #requiredByParent} set on their schema) are counted while the object's properties are
     * checked, which costs no lookup of its own.
     */
    private String[] requiredElsewhere = new String[0];
    private int requiredAmongProperties;
    private boolean requiredByParent;
    /** null: any; otherwise the schema every property not in {@link #properties} must meet. */
    private CompiledSchema additional;
    private Set<JsonNode> enumValues;
    private BigDecimal minimum;
    private BigDecimal maximum;
    private BigDecimal exclusiveMinimum;
    private BigDecimal exclusiveMaximum;
    private int minLength = -1;
    private int maxLength = -1;
    private Pattern pattern;
    private Predicate<String> format;
    private CompiledSchema items;
    private int minItems = -1;
    private int maxItems = -1;

    private CompiledSchema(Boolean constant) {
        this.constant = constant;
    }

    /** The schema compiled, or empty if it uses anything this fast path does not cover. */
    static Optional<CompiledSchema> compile(JsonNode schema) {
        JsonNode draft = schema.get("$schema");
        if (draft != null && !(draft.isTextual() && DRAFTS.contains(draft.textValue().replaceAll("#$", "")))) {
            return Optional.empty();
        }
        try {
            return Optional.of(node(schema));
        } catch (SchemaKeywords.Unsupported e) {
            return Optional.empty();
        }
    }

    private static CompiledSchema node(JsonNode schema) {
        if (schema.isBoolean()) {
            return new CompiledSchema(schema.booleanValue());
        }
        if (!schema.isObject()) {
            throw new SchemaKeywords.Unsupported();
        }
        CompiledSchema c = new CompiledSchema(null);
        // Only while compiling: what checking needs of it is split below, among the properties or not.
        String[] required = new String[0];
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "type" -> c.types = SchemaKeywords.types(v);
                case "required" -> required = SchemaKeywords.strings(v);
                case "properties" -> c.properties = properties(v);
                case "additionalProperties" -> c.additional = node(v);
                case "enum" -> c.enumValues = SchemaKeywords.enumValues(v);
                case "minimum" -> c.minimum = SchemaKeywords.decimal(v);
                case "maximum" -> c.maximum = SchemaKeywords.decimal(v);
                case "exclusiveMinimum" -> c.exclusiveMinimum = SchemaKeywords.decimal(v);
                case "exclusiveMaximum" -> c.exclusiveMaximum = SchemaKeywords.decimal(v);
                case "minLength" -> c.minLength = SchemaKeywords.count(v);
                case "maxLength" -> c.maxLength = SchemaKeywords.count(v);
                case "pattern" -> c.pattern = SchemaKeywords.pattern(v);
                case "format" -> c.format = SchemaKeywords.format(v);
                case "items" -> c.items = node(v);
                case "minItems" -> c.minItems = SchemaKeywords.count(v);
                case "maxItems" -> c.maxItems = SchemaKeywords.count(v);
                default -> {
                    if (!ANNOTATIONS.contains(e.getKey())) {
                        throw new SchemaKeywords.Unsupported();
                    }
                }
            }
        }
        List<String> elsewhere = new ArrayList<>();
        for (String name : new LinkedHashSet<>(Arrays.asList(required))) {
            CompiledSchema property = c.properties.get(name);
            if (property == null) {
                elsewhere.add(name);
            } else {
                property.requiredByParent = true; // each property's schema is its own instance
                c.requiredAmongProperties++;
            }
        }
        c.requiredElsewhere = elsewhere.toArray(String[]::new);
        return c;
    }

    /** Whether networknt would find {@code node} valid. */
    boolean valid(JsonNode node) {
        if (constant != null) {
            return constant;
        }
        if (types != ANY && !hasType(node)) {
            return false;
        }
        if (enumValues != null && !enumValues.contains(node)) {
            return false;
        }
        if (node.isObject()) {
            return validObject(node);
        }
        if (node.isTextual()) {
            return validString(node.textValue());
        }
        if (node.isNumber()) {
            return validNumber(node);
        }
        if (node.isArray()) {
            return validArray(node);
        }
        return true;
    }

    private boolean hasType(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> (types & OBJECT) != 0;
            case ARRAY -> (types & ARRAY) != 0;
            case STRING -> (types & STRING) != 0;
            case NUMBER -> (types & NUMBER) != 0 || ((types & INTEGER) != 0 && integral(node));
            case BOOLEAN -> (types & BOOLEAN) != 0;
            case NULL -> (types & NULL) != 0;
            default -> false;
        };
    }

    /** As networknt since draft 6: a number with a zero fractional part is an integer (1.0 included). */
    static boolean integral(JsonNode node) {
        if (node.isIntegralNumber()) {
            return true;
        }
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue();
            return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
        }
        double d = node.doubleValue();
        return !Double.isInfinite(d) && d == Math.rint(d);
    }

    private boolean validObject(JsonNode node) {
        for (String name : requiredElsewhere) {
            if (!node.has(name)) {
                return false;
            }
        }
        int requiredSeen = 0;
        if (!properties.isEmpty() || additional != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                CompiledSchema property = properties.get(e.getKey());
                CompiledSchema applies = property != null ? property : additional;
                if (applies != null && !applies.valid(e.getValue())) {
                    return false;
                }
                requiredSeen += property != null && property.requiredByParent ? 1 : 0;
            }
        }
        // An object node's names are distinct (it is a map), so the count is exact.
        return requiredSeen == requiredAmongProperties;
    }

    private boolean validString(String s) {
        if (minLength >= 0 || maxLength >= 0) {
            int length = s.codePointCount(0, s.length());
            if ((minLength >= 0 && length < minLength) || (maxLength >= 0 && length > maxLength)) {
                return false;
            }
        }
        if (pattern != null && !pattern.matcher(s).find()) {
            return false;
        }
        return format == null || format.test(s);
    }

    private boolean validNumber(JsonNode node) {
        if (minimum == null && maximum == null && exclusiveMinimum == null && exclusiveMaximum == null) {
            return true;
        }
        BigDecimal v = node.decimalValue();
        return (minimum == null || v.compareTo(minimum) >= 0) && (maximum == null || v.compareTo(maximum) <= 0)
                && (exclusiveMinimum == null || v.compareTo(exclusiveMinimum) > 0)
                && (exclusiveMaximum == null || v.compareTo(exclusiveMaximum) < 0);
    }

    private boolean validArray(JsonNode node) {
        if ((minItems >= 0 && node.size() < minItems) || (maxItems >= 0 && node.size() > maxItems)) {
            return false;
        }
        if (items != null) {
            for (JsonNode item : node) {
                if (!items.valid(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, CompiledSchema> properties(JsonNode v) {
        if (!v.isObject()) {
            throw new SchemaKeywords.Unsupported();
        }
        Map<String, CompiledSchema> out = new HashMap<>();
        v.fields().forEachRemaining(e -> out.put(e.getKey(), node(e.getValue())));
        return out;
    }
}
