package dev.tandem.shared.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.format.DateFormat;
import com.networknt.schema.format.DateTimeFormat;

import dev.tandem.shared.record.EventTimes;

/**
 * The values of the keywords {@link CompiledSchema} covers, read once when a schema is compiled; a
 * value it does not take as it is (a number in an enum, an unknown format, a pattern Java cannot
 * compile) throws {@link Unsupported}, and networknt checks that schema's payloads instead.
 */
final class SchemaKeywords {

    private static final DateTimeFormat DATE_TIME = new DateTimeFormat();
    private static final DateFormat DATE = new DateFormat();
    /**
     * networknt's own checks: they read only the value, never the execution context. A date-time of
     * the common shape, which networknt accepts too (a differential test holds it to that), is taken
     * without networknt's parse: event times are often date-times, and that parse was 2% of the
     * micro-batch function's Java samples. Not {@code -00:00}, RFC 3339's unknown local offset, which
     * the JDK reads and networknt rejects.
     */
    private static final Map<String, Predicate<String>> FORMATS = Map.of(
            "date-time", value -> EventTimes.isCommonShape(value) && !value.endsWith("-00:00")
                    || DATE_TIME.matches(null, value),
            "date", value -> DATE.matches(null, value));

    private SchemaKeywords() {
    }

    static int types(JsonNode v) {
        if (v.isTextual()) {
            return type(v.textValue());
        }
        if (!v.isArray() || v.isEmpty()) {
            throw new Unsupported();
        }
        int mask = 0;
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw new Unsupported();
            }
            mask |= type(t.textValue());
        }
        return mask;
    }

    static int type(String name) {
        return switch (name) {
            case "object" -> CompiledSchema.OBJECT;
            case "array" -> CompiledSchema.ARRAY;
            case "string" -> CompiledSchema.STRING;
            case "number" -> CompiledSchema.NUMBER;
            case "integer" -> CompiledSchema.INTEGER;
            case "boolean" -> CompiledSchema.BOOLEAN;
            case "null" -> CompiledSchema.NULL;
            default -> throw new Unsupported();
        };
    }

    static String[] strings(JsonNode v) {
        if (!v.isArray()) {
            throw new Unsupported();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new Unsupported();
            }
            out.add(s.textValue());
        }
        return out.toArray(String[]::new);
    }

    /** Strings, booleans and nulls only: numbers in enums compare by value in ways left to networknt. */
    static Set<JsonNode> enumValues(JsonNode v) {
        if (!v.isArray()) {
            throw new Unsupported();
        }
        Set<JsonNode> out = new HashSet<>();
        for (JsonNode e : v) {
            if (!(e.isTextual() || e.isBoolean() || e.isNull())) {
                throw new Unsupported();
            }
            out.add(e);
        }
        return out;
    }

    static BigDecimal decimal(JsonNode v) {
        if (!v.isNumber()) {
            throw new Unsupported();
        }
        return v.decimalValue();
    }

    static int count(JsonNode v) {
        if (!v.canConvertToInt() || !CompiledSchema.integral(v) || v.intValue() < 0) {
            throw new Unsupported();
        }
        return v.intValue();
    }

    static Pattern pattern(JsonNode v) {
        if (!v.isTextual()) {
            throw new Unsupported();
        }
        try {
            return Pattern.compile(v.textValue());
        } catch (PatternSyntaxException e) {
            throw new Unsupported();
        }
    }

    static Predicate<String> format(JsonNode v) {
        Predicate<String> f = v.isTextual() ? FORMATS.get(v.textValue()) : null;
        if (f == null) {
            throw new Unsupported();
        }
        return f;
    }

    /** Thrown while compiling a schema the fast path does not cover. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }
}
