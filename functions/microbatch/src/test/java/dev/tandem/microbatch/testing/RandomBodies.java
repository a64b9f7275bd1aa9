package dev.tandem.microbatch.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seeded request bodies for the HTTP fuzz suites: mostly JSON objects with the endpoint's own field
 * names holding values of every type (traversal strings, huge and odd text, invalid base64, deep
 * nesting, numbers at the edges), and some bodies that are not JSON at all or not UTF-8. The same
 * seed gives the same bodies.
 */
public final class RandomBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TEXT = {"", " ", "orders", "ORDERS", "invoices", "../../etc/passwd", "/etc/passwd",
        "runs/orders/../../x/manifest.json", "runs/orders/r1/manifest.json", "recompute-20260301T000000Z-1a2b3c4d",
        "2026-03-01T09:00:00Z", "2026-03-01T10:00:00Z", "2026-03-01", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
        "-1", "NaN", "true", "null", "%%% not base64", "AAAA", "=", "\u0000", "\uD83D", "é", "🙂", "${jndi:ldap://x}",
        "<script>", "'; DROP TABLE", "\\", "\"", "a/b", ".", "..", "orders-0", "orders-999999999"};

    private final Random random;
    private final List<String> fields;

    public RandomBodies(long seed, List<String> fields) {
        this.random = new Random(seed);
        this.fields = fields;
    }

    /** The next body's bytes. */
    public byte[] next() {
        int kind = random.nextInt(100);
        if (kind < 4) {
            return text().getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 6) {
            return new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        }
        if (kind < 8) {
            return deep(200 + random.nextInt(3000)).getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 12) {
            return value(3).toString().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode body = NODES.objectNode();
        int n = random.nextInt(fields.size() + 2);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(8) == 0 ? text() : fields.get(random.nextInt(fields.size()));
            body.set(name, value(3));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode value(int depth) {
        switch (random.nextInt(depth <= 0 ? 6 : 9)) {
            case 0:
                return NODES.textNode(text());
            case 1:
                return NODES.numberNode(random.nextLong());
            case 2:
                return NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(300)) * (random.nextBoolean() ? 1 : -1));
            case 3:
                return NODES.booleanNode(random.nextBoolean());
            case 4:
                return NODES.nullNode();
            case 5:
                return NODES.textNode(random.nextInt(10) == 0 ? "x".repeat(100_000 + random.nextInt(200_000))
                        : Base64.getEncoder().encodeToString(text().getBytes(StandardCharsets.UTF_8)));
            case 6: {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = NODES.objectNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(random.nextBoolean() ? fields.get(random.nextInt(fields.size())) : text(), value(depth - 1));
                }
                return o;
            }
        }
    }

    private String text() {
        return TEXT[random.nextInt(TEXT.length)];
    }

    private String deep(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /**
     * The fuzz suites' verdict on one answer: a 2xx, or a 4xx whose problem body names its status and
     * says what is wrong without Java or library internals — never a 5xx.
     */
    public static void assertAcceptable(io.restassured.response.Response r, String what) throws java.io.IOException {
        int status = r.statusCode();
        String answer = r.asString();
        org.assertj.core.api.Assertions.assertThat(status)
                .as(what + " → " + (answer.length() > 300 ? answer.substring(0, 300) + "…" : answer)).isBetween(200, 499);
        if (status >= 400) {
            org.assertj.core.api.Assertions.assertThat(r.contentType()).as(what).startsWith("application/problem+json");
            JsonNode problem = dev.tandem.shared.record.Json.mapper().readTree(r.asByteArray());
            org.assertj.core.api.Assertions.assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
            org.assertj.core.api.Assertions.assertThat(problem.path("detail").asText()).as(what).isNotBlank()
                    .doesNotContain("Exception").doesNotContain("com.fasterxml").doesNotContain("software.amazon")
                    .doesNotContain("\tat ");
        }
    }

    /** {@code body} as text for a failure message, cut at 300 characters. */
    public static String shorten(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "… (" + s.length() + " chars)" : s;
    }

    /** A content type: nearly always JSON, sometimes another or none. */
    public String contentType(String json) {
        int kind = random.nextInt(40);
        return kind == 0 ? "text/plain" : kind == 1 ? "application/xml" : kind == 2 ? "" : json;
    }
}
