package dev.tandem.shared.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.OutputFormat;

import dev.tandem.shared.record.Json;
import dev.tandem.shared.schema.SchemaVersion;
import dev.tandem.shared.testing.OrderEvents;

/**
 * Differential: the compiled fast path gives networknt's verdict on every payload of a generated
 * corpus — the orders schemas (with every way an order can be invalid against them) and a schema
 * using every keyword the fast path covers — and the validator built on it reports exactly the
 * violations of the networknt-only validator.
 */
class CompiledSchemaTest {

    private static final String EVERY_KEYWORD = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "every covered keyword",
             "type": "object", "required": ["s", "n", "other"],
             "additionalProperties": {"type": ["string", "null"]},
             "properties": {
               "s": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+"},
               "n": {"type": "number", "minimum": 0, "maximum": 10.5},
               "i": {"type": "integer", "exclusiveMinimum": -3, "exclusiveMaximum": 100},
               "d": {"type": "string", "format": "date"},
               "t": {"format": "date-time", "description": "any type, a date-time if a string"},
               "e": {"enum": ["a", "b", null, true]},
               "arr": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
               "o": {"type": "object", "required": ["x"], "properties": {"x": {"type": "boolean"}},
                     "additionalProperties": false},
               "never": false, "always": true,
               "multi": {"type": ["integer", "string"], "minimum": 2, "maxLength": 1}
             }}
            """;
    private static final String[] STRINGS = {"", "a", "ab", "abcde", "abcdef", "ABC", "EUR", "eur", "é",
        "\uD83D\uDE00\uD83D\uDE00", "web", "app", "fax", "b", "x9", "2026-11-25T10:15:30Z",
        "2026-11-25T10:15:30.250+01:00", "2026-11-25t10:15:30z", "2026-11-25T10:15:30", "2026-02-30T10:00:00Z",
        "2016-12-31T23:59:60Z", "2026-11-25T23:59:60Z", "2026-11-25T10:15:30.123456789-05:30", "2026-11-25 10:15:30Z",
        "2026-11-25", "2026-13-01", "2024-02-29", "2023-02-29", "+2026-11-25T10:15:30Z"};
    private static final String[] NUMBERS = {"0", "-0", "1", "1.0", "1.5", "-3", "-2", "-2.5", "2", "2.0", "10.5",
        "10.50", "10.51", "1e2", "1E+2", "100", "99.999", "12345678901234567890", "-1e-9", "0.01", "0.009", "100000",
        "100000.01", "3e0"};
    private static final String[] OTHERS = {"true", "false", "null", "[]", "[1]", "[1,2,3]", "[1,2,3,4]", "[1.0]",
        "[\"x\"]", "{}", "{\"x\":true}", "{\"x\":1}", "{\"y\":1}", "[[]]"};

    @Test
    void shouldGiveNetworkntsDateTimeVerdictOnTimestampsOfEveryShapeAndRange() {
        java.util.function.Predicate<String> format = SchemaKeywords.format(Json.mapper().getNodeFactory().textNode("date-time"));
        com.networknt.schema.format.DateTimeFormat reference = new com.networknt.schema.format.DateTimeFormat();
        String[] years = {"0000", "1969", "1970", "1999", "2000", "2023", "2024", "2100", "2400", "9999"};
        String[] months = {"00", "01", "02", "04", "06", "09", "11", "12", "13", "1x"};
        String[] days = {"00", "01", "28", "29", "30", "31", "32"};
        String[] hours = {"00", "09", "23", "24"};
        String[] minutes = {"00", "59", "60"};
        String[] seconds = {"00", "30", "59", "60", "61"};
        String[] fractions = {"", "", ".", ".1", ".12", ".123", ".1234", ".123456789", ".1234567890", ".x"};
        String[] offsets = {"Z", "Z", "z", "+00:00", "-00:00", "+01:00", "-05:30", "+14:00", "+17:59", "+18:00", "-18:00",
            "+23:59", "+24:00", "+05:60", "+0100", "+01", "", "Z "};
        String[] separators = {"T", "T", "T", "t", " "};
        String mutations = "0123456789-:T.Z+ xz";
        Random random = new Random(1130);
        int fast = 0;
        int otherValid = 0;
        int invalid = 0;
        for (int k = 0; k < 60_000; k++) {
            // Half of them in range but for the day of the month, half from every edge above.
            boolean inRange = random.nextBoolean();
            String text = (inRange ? 1970 + random.nextInt(8030) : pick(random, years)) + "-"
                    + (inRange ? String.format("%02d", 1 + random.nextInt(12)) : pick(random, months)) + "-"
                    + pick(random, days) + pick(random, separators)
                    + (inRange ? String.format("%02d", random.nextInt(24)) : pick(random, hours)) + ":"
                    + (inRange ? String.format("%02d", random.nextInt(60)) : pick(random, minutes)) + ":"
                    + (inRange ? String.format("%02d", random.nextInt(60)) : pick(random, seconds))
                    + pick(random, fractions) + pick(random, offsets);
            if (random.nextInt(4) == 0) {
                char[] c = text.toCharArray();
                c[random.nextInt(c.length)] = mutations.charAt(random.nextInt(mutations.length()));
                text = new String(c);
            }
            boolean expected = reference.matches(null, text);
            assertThat(format.test(text)).as(text).isEqualTo(expected);
            if (dev.tandem.shared.record.EventTimes.isCommonShape(text)) {
                fast++;
            } else if (expected) {
                otherValid++;
            } else {
                invalid++;
            }
        }
        // Each way through was taken: the fast path, networknt for other valid shapes, and invalid text.
        assertThat(fast).isGreaterThan(2_000);
        assertThat(otherValid).isGreaterThan(500);
        assertThat(invalid).isGreaterThan(20_000);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    @Test
    void shouldCompileTheExampleSchemasAndNotThoseItDoesNotCover() {
        for (SchemaVersion v : OrderEvents.ORDERS.schemas()) {
            assertThat(CompiledSchema.compile(v.document())).as("orders v" + v.version()).isPresent();
        }
        assertThat(CompiledSchema.compile(json(EVERY_KEYWORD))).isPresent();
        for (String unsupported : List.of("{\"$ref\": \"#/$defs/x\"}", "{\"anyOf\": [{\"type\": \"string\"}]}",
                "{\"properties\": {\"a\": {\"format\": \"email\"}}}", "{\"enum\": [1, 2]}",
                "{\"$schema\": \"http://json-schema.org/draft-04/schema#\", \"type\": \"object\"}",
                "{\"type\": \"object\", \"patternProperties\": {\"^x\": true}}", "{\"items\": [{\"type\": \"string\"}]}")) {
            assertThat(CompiledSchema.compile(json(unsupported))).as(unsupported).isEmpty();
        }
    }

    @Test
    void shouldGiveNetworkntsVerdictOnEveryPayloadOfASchemaUsingEveryCoveredKeyword() {
        JsonNode document = json(EVERY_KEYWORD);
        CompiledSchema fast = CompiledSchema.compile(document).orElseThrow();
        JsonSchema reference = EventValidator.compile(document);
        Random random = new Random(1201);
        String[] names = {"s", "n", "i", "d", "t", "e", "arr", "o", "never", "always", "multi", "extra", "other"};
        int valid = 0;
        for (int k = 0; k < 20_000; k++) {
            ObjectNode payload = Json.mapper().createObjectNode();
            for (String name : names) {
                // "other" is required but not among the properties: additionalProperties says what it may be.
                boolean requiredField = name.equals("s") || name.equals("n") || name.equals("other");
                if (requiredField ? random.nextInt(20) > 0 : random.nextInt(3) == 0) {
                    payload.set(name, requiredField && random.nextBoolean() ? goodValue(name, random) : anyValue(random));
                }
            }
            JsonNode p = random.nextInt(50) == 0 ? anyValue(random) : payload;
            valid += sameVerdict(fast, reference, p) ? 1 : 0;
        }
        assertThat(valid).as("payloads the schema accepts: the corpus is not all one verdict").isBetween(50, 19_950);
    }

    @Test
    void shouldGiveNetworkntsVerdictsAndMessagesOnOrdersInvalidInEveryWay() {
        EventValidator compiled = EventValidator.of(OrderEvents.ORDERS.schemas(), OrderEvents.ORDERS.rules());
        EventValidator reference = EventValidator.of(OrderEvents.ORDERS.schemas(), OrderEvents.ORDERS.rules(), false);
        assertThat(compiled.compiled(1) && compiled.compiled(2)).isTrue();
        assertThat(reference.compiled(2)).isFalse();
        Random random = new Random(25);
        String[] fields = {"orderId", "createdAt", "storeId", "amount", "currency", "channel", "customer", "customer.id",
            "customer.email", "note"};
        int invalid = 0;
        for (int k = 0; k < 20_000; k++) {
            ObjectNode order = OrderEvents.order("o-" + k, java.time.Instant.parse("2026-11-25T10:15:30Z"), "store-1",
                    new java.math.BigDecimal("12.30"), "alice");
            int mutations = random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                String field = fields[random.nextInt(fields.length)];
                boolean nested = field.startsWith("customer.");
                JsonNode parent = nested ? order.get("customer") : order;
                if (!(parent instanceof ObjectNode object)) {
                    continue;
                }
                String name = nested ? field.substring("customer.".length()) : field;
                if (random.nextInt(4) == 0) {
                    object.remove(name);
                } else {
                    object.set(name, anyValue(random));
                }
            }
            for (int version : new int[] {1, 2}) {
                List<Violation> a = compiled.validate(order, version);
                List<Violation> b = reference.validate(order, version);
                assertThat(a).as("v%d %s", version, order).isEqualTo(b);
                invalid += a.isEmpty() ? 0 : 1;
            }
        }
        assertThat(invalid).as("invalid orders in the corpus").isBetween(5_000, 39_000);
    }

    private static boolean sameVerdict(CompiledSchema fast, JsonSchema reference, JsonNode payload) {
        boolean expected = Boolean.TRUE.equals(reference.validate(payload, OutputFormat.BOOLEAN));
        assertThat(fast.valid(payload)).as("%s", payload).isEqualTo(expected);
        assertThat(reference.validate(payload).isEmpty()).as("networknt's two modes agree on %s", payload)
                .isEqualTo(expected);
        return expected;
    }

    private static JsonNode goodValue(String name, Random random) {
        return switch (name) {
            case "s" -> json(random.nextBoolean() ? "\"abc\"" : "\"xy\"");
            case "other" -> json(random.nextBoolean() ? "\"any text\"" : "null");
            default -> json(random.nextBoolean() ? "3" : "0.5");
        };
    }

    private static JsonNode anyValue(Random random) {
        List<String> pool = new ArrayList<>();
        for (String s : STRINGS) {
            pool.add(Json.mapper().getNodeFactory().textNode(s).toString());
        }
        pool.addAll(List.of(NUMBERS));
        pool.addAll(List.of(OTHERS));
        return json(pool.get(random.nextInt(pool.size())));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
