package dev.tandem.shared.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.testing.JsonDocuments;

/**
 * Differential: the landed bytes parse to exactly the tree the decoder masked — over hand-picked
 * cases and thousands of generated documents with random layout, escapes, number forms, nesting,
 * and PII paths that are present, absent, null, objects, arrays, or only look alike inside arrays.
 */
class LandedPayloadTest {

    private static final List<FieldPath> PATHS = JsonDocuments.PATHS;
    private static final Masker MASKER = JsonDocuments.MASKER;

    @Test
    void shouldLandTheBytesThatCameWhenNothingIsMasked() {
        byte[] json = "{\"x\": 1.50, \"y\": \"caf\\u00e9\"}".getBytes(StandardCharsets.UTF_8);

        byte[] landed = land(json);

        assertThat(landed).isSameAs(json);
    }

    @Test
    void shouldSpliceMaskedValuesIntoTheBytesThatCame() {
        String json = "{ \"customer\" : {\"id\":\"u1\" ,\"email\":\"a@b.c\"}, \"amount\":12.30, \"phone\":41 }";

        String landed = new String(land(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        assertThat(landed).startsWith("{ \"customer\" : {\"id\":\"").contains("\" ,\"email\":\"[redacted]\"}")
                .endsWith(", \"amount\":12.30, \"phone\":null }").doesNotContain("u1").doesNotContain("a@b.c");
    }

    @Test
    void shouldMakeAPrettyPrintedRecordOneLine() {
        byte[] json = "{\r\n  \"x\": [1,\n 2],\n  \"phone\": \"+33 1\"\n}\n".getBytes(StandardCharsets.UTF_8);

        byte[] landed = land(json);

        assertThat(new String(landed, StandardCharsets.UTF_8)).doesNotContain("\n").doesNotContain("\r")
                .contains("\"phone\": \"[redacted]\"");
    }

    @Test
    void shouldNeverLandClearBytesOfAValueWhoseSpanWasNotFound() throws Exception {
        byte[] json = "{\"phone\":\"+33 1\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode masked = MASKER.maskOwned(Json.mapper().readTree(json));
        int[] none = {-1, -1, -1, -1};

        assertThat(LandedPayload.spliced(new LandedPayload.Parsed(masked, json, none, new int[4]), masked, PATHS))
                .as("landed from the tree instead").isNull();
    }

    @Test
    void shouldRefuseBytesThatAreNotAUtf8Object() {
        assertThat(LandedPayload.asCame("\uFEFF{}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(LandedPayload.asCame("{}".getBytes(StandardCharsets.UTF_16BE))).isNull();
        assertThat(LandedPayload.asCame("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(LandedPayload.asCame(" \t{}".getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void shouldGiveTheMaskedTreeForEveryGeneratedDocument() throws Exception {
        Random random = new Random(20261201);
        int spliced = 0;
        for (int n = 0; n < 5_000; n++) {
            String json = new JsonDocuments(random).object(0, true);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            JsonNode masked = MASKER.maskOwned(Json.mapper().readTree(bytes));

            byte[] landed = land(bytes);

            assertThat(landed).as(json).isNotNull();
            String text = new String(landed, StandardCharsets.UTF_8);
            assertThat(text).as(json).doesNotContain("\n").doesNotContain("\r");
            assertThat(Json.mapper().readTree(landed)).as(json + " landed as " + text).isEqualTo(masked);
            spliced += landed == bytes ? 0 : 1;
        }
        assertThat(spliced).as("documents that had something masked or a line break").isGreaterThan(1_000);
    }

    @Test
    void shouldFailOnExactlyWhatReadTreeFailsOn() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "{\"a\":", "{\"phone\":\"x\"", "{\"customer\":{\"id\":tru}}", "")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            String expected;
            try {
                JsonNode tree = Json.mapper().readTree(bytes);
                expected = "ok " + tree;
            } catch (java.io.IOException e) {
                expected = "error " + e.getMessage();
            }
            String actual;
            try {
                LandedPayload.Parsed parsed = LandedPayload.parse(bytes, PATHS);
                actual = "ok " + (parsed.tree() == null ? Json.mapper().missingNode() : parsed.tree());
            } catch (java.io.IOException e) {
                actual = "error " + e.getMessage();
            }
            assertThat(actual.replaceAll("\\(.*", "")).as(bad).isEqualTo(expected.replaceAll("\\(.*", ""));
        }
    }

    @Test
    void shouldSayWordForWordWhatTheReferenceParseSaysAboutDuplicatedProperties() {
        // Duplicates are caught by the tree first; the error must still be the parser's, location included,
        // also where the duplicated name is followed by something that is not JSON.
        for (String bad : List.of("{\"a\":1,\"a\":2}", "{\"a\":1,\"a\":tru}", "{\"customer\":{\"id\":1,\"id\":2}}",
                "{\"x\":[{\"b\":1,\"c\":2,\"d\":3,\"b\":4}]}", "{\"email\":\"a\",\"email\":\"b\"}",
                "{\"a\":{\"b\":1},\"a\":[1,}")) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            String expected;
            try {
                expected = "ok " + Json.mapper().readTree(bytes);
            } catch (java.io.IOException e) {
                expected = e.getClass().getName() + ": " + e.getMessage();
            }
            for (List<FieldPath> paths : List.of(PATHS, List.<FieldPath>of())) {
                String actual;
                try {
                    actual = "ok " + LandedPayload.parse(bytes, paths).tree();
                } catch (java.io.IOException e) {
                    actual = e.getClass().getName() + ": " + e.getMessage();
                }
                assertThat(actual).as(bad).isEqualTo(expected).contains("Duplicate field");
            }
        }
    }

    @Test
    void shouldQuoteMaskedTextExactlyAsJacksonsEncoderDoes() {
        List<String> texts = new java.util.ArrayList<>(List.of("", "3f2a9c", "***", "a\"b", "a\\b", "é", "\u2028",
                "\uD83D\uDE00", "line\nbreak", "\u007F", "tab\t"));
        for (char c = 0; c < 0x100; c++) {
            texts.add("x" + c + "y");
        }
        for (String text : texts) {
            byte[] escaped = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(text);
            assertThat(new String(LandedPayload.quoted(text), StandardCharsets.UTF_8)).as("%s", text)
                    .isEqualTo("\"" + new String(escaped, StandardCharsets.UTF_8) + "\"");
        }
    }

    /** As the decoder lands a payload: one parse noting the spans, mask the tree, splice. */
    private static byte[] land(byte[] json) {
        try {
            LandedPayload.Parsed parsed = LandedPayload.parse(json, PATHS);
            assertThat(parsed.tree()).as("the same tree as readTree").isEqualTo(Json.mapper().readTree(json));
            JsonNode masked = MASKER.maskOwned(parsed.tree());
            return LandedPayload.spliced(parsed, masked, PATHS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
