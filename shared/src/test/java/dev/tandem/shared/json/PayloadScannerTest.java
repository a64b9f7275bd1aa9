package dev.tandem.shared.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.LandedPayload;
import dev.tandem.shared.testing.JsonDocuments;
import dev.tandem.shared.testing.OrderEvents;

/**
 * Differential: whatever payload the scanner reads, {@link LandedPayload#parse} — Jackson — reads to
 * the same tree (node classes included), the same landable bytes and the same splice of the masked
 * values; whatever it leaves, the reader gives Jackson's own answer. Over generated documents with
 * every layout, escape, number form and PII shape the landing test uses, hand-made payloads only
 * Jackson may decide, and tens of thousands of mutants of real orders.
 */
class PayloadScannerTest {

    private static final List<FieldPath> PATHS = JsonDocuments.PATHS;
    private static final Masker MASKER = JsonDocuments.MASKER;
    private static final PayloadScanner.Paths TREE = new PayloadScanner.Paths(PATHS);
    /** Shared by every case, as by every payload of a pipeline: names learned from one serve the next. */
    private static final KnownNames NAMES = new KnownNames();

    @Test
    void readsEveryGeneratedOneLineDocumentAsJacksonDoes() throws IOException {
        Random random = new Random(20261203);
        int scanned = 0;
        for (int n = 0; n < 10_000; n++) {
            String json = new JsonDocuments(random).object(0, true);
            // Line breaks are whitespace only (raw ones in strings are invalid): the same document on one line.
            byte[] bytes = (n % 2 == 0 ? json.replace('\n', ' ') : json).getBytes(StandardCharsets.UTF_8);
            LandedPayload.Parsed scannedParse = new PayloadScanner(TREE, NAMES).scan(bytes);
            if (scannedParse != null) {
                assertSame(bytes, scannedParse, LandedPayload.parse(bytes, PATHS));
                scanned++;
            }
        }
        // Escapes and numbers of 19 or more digits leave many to Jackson; most of the rest are read.
        assertThat(scanned).as("documents the scanner read").isGreaterThan(1_500);
    }

    @Test
    void readsAnOrderAsJacksonDoesWithAndWithoutPathsToMask() throws IOException {
        byte[] order = OrderEvents.order("o-1", Instant.parse("2026-12-03T10:15:30.250Z"), "store-7",
                new BigDecimal("12.30"), "alice").toString().getBytes(StandardCharsets.UTF_8);
        for (List<FieldPath> paths : List.of(PATHS, List.<FieldPath>of())) {
            LandedPayload.Parsed scanned = new PayloadScanner(new PayloadScanner.Paths(paths), new KnownNames()).scan(order);
            assertThat(scanned).as("an order as producers send it is read without Jackson").isNotNull();
            assertSame(order, scanned, LandedPayload.parse(order, paths));
        }
    }

    @Test
    void findsTheNamesItMetBeforeAndStopsLearningAtItsBound() throws IOException {
        KnownNames names = new KnownNames();
        PayloadScanner.Paths none = new PayloadScanner.Paths(List.of());
        byte[] json = "{\"amount\":1,\"amounts\":2,\"amoun\":3}".getBytes(StandardCharsets.UTF_8);

        JsonNode first = new PayloadScanner(none, names).scan(json).tree();
        JsonNode second = new PayloadScanner(none, names).scan(json).tree();

        assertThat(second).isEqualTo(Json.mapper().readTree(json));
        assertThat(second.fieldNames().next()).as("the name met before").isSameAs(first.fieldNames().next());
        for (int i = 0; i < KnownNames.MAX + 50; i++) {
            byte[] keyed = ("{\"k" + i + "\":" + i + ",\"amount\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            assertThat(new PayloadScanner(none, names).scan(keyed).tree()).as("names past the bound too")
                    .isEqualTo(Json.mapper().readTree(keyed));
        }
        assertThat(names.find("k300".getBytes(StandardCharsets.UTF_8), 0, 4, 0)).as("not learned past the bound")
                .isEqualTo(-1);
        assertThat(names.find("k10".getBytes(StandardCharsets.UTF_8), 0, 3, 7)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void leavesToJacksonWhatOnlyJacksonDecides() throws IOException {
        List<String> cases = new ArrayList<>(List.of(
                "{\"a\":1,\"a\":2}", "{\"x\":{\"a\":1,\"a\":2}}", "{\"x\":[{\"b\":1,\"b\":2}]}",
                "{\"customer\":{\"id\":\"u\",\"id\":\"v\"}}", "{\"a\\u0062\":1}", "{\"a\":\"\\n\"}",
                "{\"a\":1234567890123456789}", "{\"a\":-1234567890123456789}", "{\"a\":NaN}", "{\"a\":01}",
                "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1,}", "{\"a\":1}{\"b\":2}", "{\"a\":1} x",
                "{\"a\":1}\n", "\n{\"a\":1}", "{\"a\":\n1}", "\uFEFF{\"a\":1}", "[1,2]", "\"text\"", "", "  ",
                "{\"a\":tru}", "{\"a\":truex}", "{\"a\":\"\u0001\"}", "{'a':1}", "{a:1}", "{\"a\":1 /* c */}",
                "{\"a\":", "{\"a\"", "{", "{\"a\":[1,2", "{\"a\":\"x", "{\"a\":1e}", "{\"a\":-}",
                "{\"a\":" + "9".repeat(101) + ".5}", "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}"));
        cases.add("{\"a\":\"" + "x".repeat(PayloadScanner.MAX_BYTES) + "\"}");
        List<byte[]> bytes = new ArrayList<>();
        cases.forEach(c -> bytes.add(c.getBytes(StandardCharsets.UTF_8)));
        // Not strict UTF-8: a lone continuation byte, an overlong '/', a surrogate, a cut sequence.
        for (byte[] bad : new byte[][] {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}}) {
            byte[] json = new byte[8 + bad.length];
            System.arraycopy("{\"a\":\"".getBytes(StandardCharsets.UTF_8), 0, json, 0, 6);
            System.arraycopy(bad, 0, json, 6, bad.length);
            json[6 + bad.length] = '"';
            json[7 + bad.length] = '}';
            bytes.add(json);
        }
        for (byte[] json : bytes) {
            String text = new String(json, StandardCharsets.UTF_8);
            assertThat(new PayloadScanner(TREE, NAMES).scan(json)).as("left to Jackson: %s", abbreviated(text)).isNull();
            assertThat(says(PayloadReader.of(PATHS)::parse, json)).as(abbreviated(text))
                    .isEqualTo(says(j -> LandedPayload.parse(j, PATHS), json));
        }
    }

    @Test
    void neverReadsAPayloadJacksonRefusesOrReadsOtherwise() throws IOException {
        Random random = new Random(3);
        List<byte[]> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(OrderEvents.order("o-" + i, Instant.ofEpochMilli(1_764_000_000_000L + random.nextInt(1_000_000)),
                    "store-" + random.nextInt(9), new BigDecimal(random.nextInt(100_000)).movePointLeft(2), "c" + i)
                    .toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] alphabet = JsonDocuments.ALPHABET;
        int scanned = 0;
        int refusedByBoth = 0;
        for (int i = 0; i < 40_000; i++) {
            byte[] json = orders.get(random.nextInt(orders.size()));
            for (int m = 1 + random.nextInt(2); m > 0 && json.length > 0; m--) {
                json = JsonDocuments.mutant(json, random, alphabet);
            }
            LandedPayload.Parsed s = new PayloadScanner(TREE, NAMES).scan(json);
            LandedPayload.Parsed j;
            try {
                j = LandedPayload.parse(json, PATHS);
            } catch (IOException e) {
                j = null;
            }
            if (s != null) {
                assertThat(j).as("Jackson reads what the scanner read: %s", new String(json, StandardCharsets.UTF_8))
                        .isNotNull();
                assertSame(json, s, j);
                scanned++;
            } else if (j == null) {
                refusedByBoth++;
            }
        }
        assertThat(scanned).as("mutants the scanner read").isGreaterThan(5_000);
        assertThat(refusedByBoth).as("mutants both refused").isGreaterThan(10_000);
    }

    /** The same tree and node classes, landable bytes, and bytes landed once the tree is masked. */
    private static void assertSame(byte[] json, LandedPayload.Parsed scanned, LandedPayload.Parsed jackson) {
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(scanned.tree()).as(text).isEqualTo(jackson.tree());
        assertThat(nodeClasses(scanned.tree())).as("node classes of %s", text).isEqualTo(nodeClasses(jackson.tree()));
        assertThat(scanned.landable()).as(text).isEqualTo(jackson.landable());
        JsonNode maskedScanned = MASKER.maskOwned(scanned.tree().deepCopy());
        JsonNode maskedJackson = MASKER.maskOwned(jackson.tree().deepCopy());
        List<FieldPath> paths = scanned.starts() == null ? List.of() : PATHS;
        assertThat(LandedPayload.spliced(scanned, maskedScanned, paths)).as("landed: %s", text)
                .isEqualTo(LandedPayload.spliced(jackson, maskedJackson, paths));
    }

    /** How a payload parse reads a text. */
    private interface Parse {
        LandedPayload.Parsed parse(byte[] json) throws IOException;
    }

    /** What {@code parse} makes of {@code json}: its tree, node classes and landability, or its error. */
    private static String says(Parse parse, byte[] json) {
        try {
            LandedPayload.Parsed p = parse.parse(json);
            return "ok " + p.tree() + " " + nodeClasses(p.tree()) + " landable " + (p.landable() != null);
        } catch (IOException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static List<String> nodeClasses(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        out.add(node.getClass().getSimpleName());
        node.forEach(child -> out.addAll(nodeClasses(child)));
        return out;
    }

    private static String abbreviated(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
