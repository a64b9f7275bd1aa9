package dev.tandem.shared.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.aggregate.Aggregation;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.testing.JsonDocuments;
import dev.tandem.shared.testing.OrderEvents;

/**
 * The line scanner against Jackson, its reference: over the lines the writer writes, hand-made lines
 * for every case it reads or leaves to Jackson, and tens of thousands of mutants of them, a line the
 * scanner reads is one Jackson reads to the same envelope, payload and inputs.
 */
class SegmentLineScannerTest {

    /** The orders pipeline's aggregates read {@code amount} and the object {@code customer}. */
    private static final Aggregation ORDERS = StateLayout.of(OrderEvents.ORDERS).aggregation();
    /** The benchmark's aggregates read {@code amount} only: {@code customer} is skipped. */
    private static final Aggregation AMOUNT_ONLY = StateLayout.of(amountOnly()).aggregation();

    private static final String HEAD = "{\"id\":\"o-1\",\"time\":\"2026-11-25T10:15:00.123Z\",\"group\":[\"store-7\"],"
            + "\"topic\":\"orders\",\"partition\":3,\"offset\":42,\"producedAt\":\"2026-11-25T10:15:01Z\","
            + "\"schemaVersion\":1";

    @Test
    void readsEveryLineTheWriterWritesAsJacksonDoes() throws IOException {
        List<Envelope> envelopes = OrderEvents.stream(new Random(23), 2, 3_000, 0.02, 0.02);
        byte[] text = ndjson(RawSegment.write(envelopes, SegmentCodec.GZIP));
        for (Aggregation aggregation : List.of(ORDERS, AMOUNT_ONLY)) {
            SegmentLineScanner scanner = scanner(aggregation);
            int from = 0;
            int read = 0;
            for (int to = 0; to < text.length; to++) {
                if (text[to] == '\n') {
                    Envelope scanned = scanner.scan(text, from, to);
                    assertThat(scanned).as("a line as the writer writes it").isNotNull();
                    assertSame(scanned, jackson(text, from, to, aggregation));
                    read++;
                    from = to + 1;
                }
            }
            assertThat(read).isEqualTo(envelopes.size());
            assertThat(SegmentReader.read(text, text.length, aggregation)).isEqualTo(envelopes.stream()
                    .map(e -> jackson(e, aggregation)).toList());
        }
    }

    @Test
    void readsWhatItCanOfEveryKindOfLineAndLeavesTheRestToJackson() {
        List<String> readHere = List.of(
                HEAD + ",\"payload\":{\"amount\":12.50,\"customer\":{\"id\":\"c1\",\"email\":\"x\"}}}",
                HEAD + ",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\","
                        + "\"payload\":{\"amount\":1}}",
                HEAD + ",\"traceparent\":null,\"payload\":{\"amount\":-0}}",
                HEAD + ",\"payload\":{ \"note\" : \"caf\u00e9 \\\"q\\\" \\u00e9\\n\" , \"amount\" :\t1e5 , \"x\":[1,{\"y\":null},true,false,-0.5E-3] }}",
                HEAD + ",\"payload\":{\"amount\":2147483647,\"n\":2147483648}}",
                HEAD + ",\"payload\":{\"amount\":2147483648}}",
                HEAD + ",\"payload\":{\"amount\":-9223372036854775}}",
                HEAD + ",\"payload\":{\"amount\":1.0,\"amount\":2.00}}",
                HEAD + ",\"payload\":{\"amount\":\"Z\u00fcrich \u20ac \ud83d\ude00\"}}",
                HEAD + ",\"payload\":{\"customer\":{\"id\":\"c\u00e9\",\"id\":\"c2\",\"tags\":[[],{}]},\"amount\":true}}",
                HEAD + ",\"payload\":{\"amount\":null,\"customer\":[1,2.5,\"x\"]}}",
                HEAD + ",\"payload\":{}}",
                HEAD.replace("[\"store-7\"]", "[]") + ",\"payload\":{\"amount\":3}}",
                HEAD.replace("[\"store-7\"]", "[null,\"a b\"]") + ",\"payload\":{\"amount\":3}}   ");
        List<String> leftToJackson = List.of(
                HEAD + ",\"payload\":{\"amount\":\"a\\\"b\"}}",
                HEAD + ",\"payload\":{\"am\\u006funt\":4}}",
                HEAD + ",\"payload\":{\"amount\":12345678901234567890}}",
                HEAD + ",\"payload\":{\"customer\":{\"id\":\"a\\u0041\"}}}",
                HEAD.replace("\"o-1\"", "\"o\\u002d1\"") + ",\"payload\":{\"amount\":1}}",
                HEAD.replace("\"o-1\"", "\"\u00f6-1\"") + ",\"payload\":{\"amount\":1}}",
                HEAD.replace("\"o-1\"", "17") + ",\"payload\":{\"amount\":1}}",
                HEAD.replace("[\"store-7\"]", "[\"st\u00f6re\"]") + ",\"payload\":{\"amount\":1}}",
                HEAD.replace("\"partition\":3", "\"partition\":\"3\"") + ",\"payload\":{\"amount\":1}}",
                HEAD.replace("\"partition\":3", "\"partition\":-1") + ",\"payload\":{\"amount\":3}}",
                HEAD.replace("\"offset\":42", "\"offset\":42.0") + ",\"payload\":{\"amount\":1}}",
                HEAD.replace("\"time\":\"2026-11-25T10:15:00.123Z\",", "")
                        .replace("\"schemaVersion\":1", "\"schemaVersion\":1,\"time\":\"2026-11-25T10:15:00Z\"")
                        + ",\"payload\":{\"amount\":1}}",
                HEAD + ",\"note\":1,\"payload\":{\"amount\":1}}",
                HEAD + ",\"payload\":[1]}",
                HEAD + ",\"payload\":{\"amount\":1},\"note\":1}",
                HEAD + ",\"payload\":{\"amount\":1,\"bad\":\"\u0001\"}}",
                HEAD + ",\"payload\":{\"amount\":01}}",
                HEAD + ",\"payload\":{\"amount\":1.}}",
                HEAD + ",\"payload\":{\"amount\":NaN}}",
                HEAD + ",\"payload\":{\"amount\":1,\"x\":tru}}",
                HEAD + ",\"payload\":{\"amount\":1,\"x\":\"\\q\"}}",
                HEAD + ",\"payload\":{\"amount\":1}} {\"id\":2}",
                HEAD + ",\"payload\":{\"amount\":1}",
                HEAD + ",\"payload\":{\"amount\":1,}}",
                HEAD.replace("2026-11-25T10:15:00.123Z", "yesterday") + ",\"payload\":{\"amount\":1}}");
        for (String line : readHere) {
            assertAgrees(line.getBytes(StandardCharsets.UTF_8), ORDERS, true);
        }
        for (String line : leftToJackson) {
            assertAgrees(line.getBytes(StandardCharsets.UTF_8), ORDERS, false);
        }
        byte[] badUtf8 = (HEAD + ",\"payload\":{\"amount\":1,\"n\":\"__\"}}").getBytes(StandardCharsets.US_ASCII);
        for (byte[] bytes : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0},
                new byte[] {(byte) 0xFF, 'a'}, new byte[] {'a', (byte) 0x80})) {
            byte[] line = badUtf8.clone();
            int at = new String(line, StandardCharsets.US_ASCII).indexOf("__");
            line[at] = bytes[0];
            line[at + 1] = bytes[1];
            assertAgrees(line, ORDERS, false);
        }
    }

    @Test
    void neverReadsALineJacksonRefusesOrReadsOtherwise() {
        List<Envelope> envelopes = OrderEvents.stream(new Random(5), 1, 200, 0.02, 0.02);
        String[] lines = new String(ndjson(RawSegment.write(envelopes, SegmentCodec.GZIP)), StandardCharsets.UTF_8)
                .split("\n");
        byte[] alphabet = JsonDocuments.ALPHABET;
        Random random = new Random(1);
        int scanned = 0;
        int refusedByBoth = 0;
        for (int i = 0; i < 40_000; i++) {
            byte[] line = lines[random.nextInt(lines.length)].getBytes(StandardCharsets.UTF_8);
            for (int m = 1 + random.nextInt(2); m > 0 && line.length > 0; m--) {
                line = JsonDocuments.mutant(line, random, alphabet);
            }
            Aggregation aggregation = i % 2 == 0 ? ORDERS : AMOUNT_ONLY;
            SegmentLineScanner scanner = scanner(aggregation);
            Envelope s = scanner.scan(line, 0, line.length);
            Envelope j = jacksonOrNull(line, aggregation);
            if (s != null) {
                assertThat(scanner.next()).as("read to the end: %s", text(line)).isEqualTo(line.length);
                assertThat(j).as("Jackson reads what the scanner read: %s", text(line)).isNotNull();
                assertSame(s, j);
                scanned++;
            } else if (j == null) {
                refusedByBoth++;
            }
        }
        // Most single-byte changes break a line; enough of them keep it readable to tell.
        assertThat(scanned).as("mutants the scanner read").isGreaterThan(2_000);
        assertThat(refusedByBoth).as("mutants both refused").isGreaterThan(10_000);
    }

    @Test
    void aSegmentReadsAsJacksonReadsItWhateverReadsEachLine() throws IOException {
        List<Envelope> envelopes = OrderEvents.stream(new Random(9), 0, 50, 0, 0);
        String writer = new String(ndjson(RawSegment.write(envelopes, SegmentCodec.GZIP)), StandardCharsets.UTF_8);
        String escaped = HEAD + ",\"payload\":{\"amount\":\"1\\u0030\"}}\n";
        String mixed = writer + escaped + "\n  \n" + writer.lines().findFirst().orElseThrow() + "\n";
        byte[] bytes = mixed.getBytes(StandardCharsets.UTF_8);
        assertThat(SegmentReader.read(bytes, bytes.length, ORDERS))
                .isEqualTo(SegmentReader.jackson(bytes, bytes.length, ORDERS)).hasSize(52);

        // A value over several lines is read whole by Jackson, as before.
        String pretty = writer + HEAD.replace(",", ",\n  ") + ",\n\"payload\": {\"amount\": 2}\n}\n";
        bytes = pretty.getBytes(StandardCharsets.UTF_8);
        assertThat(SegmentReader.read(bytes, bytes.length, ORDERS))
                .isEqualTo(SegmentReader.jackson(bytes, bytes.length, ORDERS)).hasSize(51);

        // A malformed line fails the read with Jackson's words.
        byte[] broken = (writer + HEAD + ",\"payload\":{\"amount\":1,}}\n").getBytes(StandardCharsets.UTF_8);
        String expected = messageOf(() -> SegmentReader.jackson(broken, broken.length, ORDERS));
        assertThat(expected).contains("not NDJSON");
        assertThatThrownBy(() -> SegmentReader.read(broken, broken.length, ORDERS)).hasMessage(expected);
    }

    /** The line both read, or both refuse ({@code scanned} false: the scanner leaves it to Jackson). */
    private static void assertAgrees(byte[] line, Aggregation aggregation, boolean scanned) {
        Envelope s = scanner(aggregation).scan(line, 0, line.length);
        Envelope j = jacksonOrNull(line, aggregation);
        if (scanned) {
            assertThat(s).as("scanned: %s", text(line)).isNotNull();
            assertThat(j).as("Jackson reads %s", text(line)).isNotNull();
            assertSame(s, j);
        } else {
            assertThat(s).as("left to Jackson: %s", text(line)).isNull();
        }
    }

    private static void assertSame(Envelope scanned, Envelope jackson) {
        assertThat(scanned).isEqualTo(jackson);
        assertThat(scanned.traceparent()).isEqualTo(jackson.traceparent());
        // Node classes too: an int is an IntNode, 2147483648 a LongNode, 1.50 a DecimalNode of scale 2.
        assertThat(scanned.payload().toString()).isEqualTo(jackson.payload().toString());
        assertThat(nodeClasses(scanned.payload())).isEqualTo(nodeClasses(jackson.payload()));
        assertThat(scanned.inputs().values()).containsExactly(jackson.inputs().values());
        assertThat(scanned.inputs().fields()).isEqualTo(jackson.inputs().fields());
    }

    private static List<String> nodeClasses(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> out = new ArrayList<>();
        out.add(node.getClass().getSimpleName());
        node.forEach(child -> out.addAll(nodeClasses(child)));
        return out;
    }

    private static SegmentLineScanner scanner(Aggregation aggregation) {
        return new SegmentLineScanner(new SegmentReader.LineContext(aggregation.payloadProperties(), aggregation));
    }

    private static Envelope jackson(byte[] text, int from, int to, Aggregation aggregation) {
        Envelope e = jacksonOrNull(java.util.Arrays.copyOfRange(text, from, to), aggregation);
        assertThat(e).isNotNull();
        return e;
    }

    /** The envelope Jackson reads for a fold from the whole of {@code line}, or null if it refuses it. */
    private static Envelope jacksonOrNull(byte[] line, Aggregation aggregation) {
        try {
            List<Envelope> read = SegmentReader.jackson(line, line.length, aggregation);
            return read.size() == 1 ? read.get(0) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Envelope jackson(Envelope e, Aggregation aggregation) {
        byte[] line = ndjson(RawSegment.write(List.of(e), SegmentCodec.GZIP));
        return jackson(line, 0, line.length - 1, aggregation);
    }

    private static String messageOf(ThrowingRead read) {
        try {
            read.run();
        } catch (IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the read to fail");
    }

    private interface ThrowingRead {
        void run() throws IOException;
    }

    private static byte[] ndjson(byte[] segment) {
        try {
            SegmentCompression.Inflated inflated = SegmentCompression.inflated(segment);
            return java.util.Arrays.copyOf(inflated.bytes(), inflated.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    /** The orders pipeline with only the aggregates of {@code amount} that the benchmark keeps. */
    private static PipelineDefinition amountOnly() {
        ClassLoader loader = SegmentLineScannerTest.class.getClassLoader();
        String yaml = new String(resource(loader, "pipelines/orders.yaml").orElseThrow(), StandardCharsets.UTF_8);
        String cut = yaml.substring(0, yaml.indexOf("  - name: averageOrder")) + "\n" + yaml.substring(yaml.indexOf("rules:"));
        return PipelineDefinitionLoader.load("amount-only.yaml", cut.getBytes(StandardCharsets.UTF_8),
                name -> resource(loader, "pipelines/" + name));
    }

    private static Optional<byte[]> resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
