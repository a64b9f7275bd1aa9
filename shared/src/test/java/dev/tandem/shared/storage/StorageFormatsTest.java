package dev.tandem.shared.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.github.luben.zstd.ZstdInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.SourceCoordinates;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.SourceRanges.OffsetRange;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.testing.OrderEvents;
import dev.tandem.shared.window.Window;

class StorageFormatsTest {

    @Test
    void shouldWriteASegmentAsGzipNdjsonThatReadsBackToTheSameEnvelopes() throws IOException {
        List<Envelope> envelopes = OrderEvents.stream(new Random(7), 2, 200, 0, 0);

        byte[] segment = RawSegment.write(envelopes, SegmentCodec.GZIP);

        assertThat(RawSegment.write(envelopes, SegmentCodec.GZIP)).as("deterministic bytes").isEqualTo(segment);
        assertThat(RawSegment.read(segment)).isEqualTo(envelopes);
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(segment)).readAllBytes(),
                StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(200);
        JsonNode first = Json.mapper().readTree(lines.get(0));
        assertThat(first.get("id").asText()).isEqualTo("p2-o0");
        assertThat(first.get("partition").asInt()).isEqualTo(2);
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.at("/payload/storeId").asText()).startsWith("store-");
        assertThat(first.at("/payload/customer/email").asText()).isEqualTo("[redacted]");
    }

    @Test
    void shouldWriteALargeBatchAsSeveralGzipMembersThatReadAsOneStream() throws IOException {
        List<Envelope> envelopes = OrderEvents.stream(new Random(11), 1, RawSegment.MEMBER_RECORDS * 3 + 17, 0, 0);

        byte[] segment = RawSegment.write(envelopes, SegmentCodec.GZIP);

        assertThat(RawSegment.write(envelopes, SegmentCodec.GZIP)).as("deterministic bytes, whatever the threads did").isEqualTo(segment);
        assertThat(RawSegment.read(segment)).isEqualTo(envelopes);
        // Any gzip reader sees one stream: what zcat prints is the lines, in order.
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(segment)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(text.lines().toList()).hasSize(envelopes.size());
        assertThat(Json.mapper().readTree(text.lines().toList().get(RawSegment.MEMBER_RECORDS)).get("offset").asLong())
                .isEqualTo(envelopes.get(RawSegment.MEMBER_RECORDS).source().offset());
    }

    @Test
    void shouldReadSegmentsLargerAndSmallerThanTheBufferEachThreadInflatesInto() {
        List<Envelope> envelopes = OrderEvents.stream(new Random(17), 2, 6_000, 0.01, 0.01);
        List<Envelope> few = envelopes.subList(0, 3);
        StateLayout layout = StateLayout.of(OrderEvents.ORDERS);
        for (SegmentCodec codec : SegmentCodec.values()) {
            byte[] large = RawSegment.write(envelopes, codec);
            byte[] small = RawSegment.write(few, codec);

            assertThat(RawSegment.read(large)).as(codec + ", more text than the buffer's first MiB").isEqualTo(envelopes);
            // The buffer grew for the large segment and is reused: the small one read next sees only its own bytes.
            assertThat(RawSegment.read(small)).as(codec.label()).isEqualTo(few);
            assertThat(RawSegment.readForFold(large, layout.aggregation())).extracting(e -> e.source().offset())
                    .containsExactlyElementsOf(envelopes.stream().map(e -> e.source().offset()).toList());
            assertThat(RawSegment.readForFold(small, layout.aggregation())).extracting(Envelope::eventId)
                    .containsExactlyElementsOf(few.stream().map(Envelope::eventId).toList());
        }
        assertThat(RawSegment.generatorText(envelopes).length()).as("text of the large segment")
                .isGreaterThan(1 << 20);
    }

    @Test
    void shouldWriteZstdSegmentsWhoseTextIsTheGzipSegmentsTextFrameByFrame() throws IOException {
        List<Envelope> envelopes = OrderEvents.stream(new Random(13), 3, RawSegment.MEMBER_RECORDS * 2 + 5, 0.02, 0.02);

        byte[] zstd = RawSegment.write(envelopes, SegmentCodec.ZSTD);
        byte[] gzip = RawSegment.write(envelopes, SegmentCodec.GZIP);

        assertThat(RawSegment.write(envelopes, SegmentCodec.ZSTD)).as("deterministic bytes").isEqualTo(zstd);
        assertThat(RawSegment.read(zstd)).isEqualTo(envelopes).isEqualTo(RawSegment.read(gzip));
        // What zstdcat prints (every frame, concatenated) is exactly what zcat prints of the gzip segment.
        byte[] zstdText = new ZstdInputStream(new ByteArrayInputStream(zstd)).readAllBytes();
        byte[] gzipText = new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();
        assertThat(zstdText).isEqualTo(gzipText);
        assertThat(new String(zstdText, StandardCharsets.UTF_8).lines()).hasSize(envelopes.size());
        assertThat(zstd).as("zstd magic number").startsWith((byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd);
        // The first frame holds the first member's lines exactly, and says so in its header, with a checksum.
        long firstMember = String.join("\n", new String(zstdText, StandardCharsets.UTF_8).lines()
                .limit(RawSegment.MEMBER_RECORDS).toList()).getBytes(StandardCharsets.UTF_8).length + 1;
        assertThat(com.github.luben.zstd.Zstd.getFrameContentSize(zstd, 0, zstd.length)).isEqualTo(firstMember);
        assertThat(zstd[4] & 0x04).as("the frame descriptor's checksum flag").isNotZero();
        assertThat(zstd.length).as("smaller than gzip").isLessThan(gzip.length);
    }

    @Test
    void shouldRefuseBytesThatAreNeitherGzipNorZstdNamingTheirFirstBytes() {
        assertThatThrownBy(() -> RawSegment.read("{\"id\":1}\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Corrupt raw segment").hasRootCauseMessage("neither gzip nor zstd (first bytes 7b226964)");
        assertThatThrownBy(() -> RawSegment.read(new byte[0])).hasRootCauseMessage("neither gzip nor zstd (first bytes none: empty)");
        byte[] zstd = RawSegment.write(OrderEvents.stream(new Random(5), 0, 50, 0, 0), SegmentCodec.ZSTD);
        zstd[zstd.length - 2] ^= 0x40;
        assertThatThrownBy(() -> RawSegment.read(zstd)).as("a flipped bit fails the frame's checksum or its decoding")
                .hasMessageContaining("Corrupt raw segment");
    }

    @Test
    void shouldReadEnvelopeFieldsInAnyOrderSkippingUnknownOnesAndNameWhatALineLacks() throws IOException {
        Envelope e = OrderEvents.stream(new Random(9), 1, 1, 0, 0).get(0);
        JsonNode line = Json.mapper().readTree(new GZIPInputStream(new ByteArrayInputStream(
                RawSegment.write(List.of(e), SegmentCodec.GZIP))).readAllBytes());
        // Reversed field order and a field the reader does not know: the same envelope.
        com.fasterxml.jackson.databind.node.ObjectNode reordered = Json.mapper().createObjectNode();
        reordered.put("comment", "added by hand").putArray("extra").add(1);
        List<String> names = new java.util.ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, line.get(n)));

        assertThat(RawSegment.read(gzip(reordered + "\n"))).containsExactly(e);
        ((com.fasterxml.jackson.databind.node.ObjectNode) line).remove(List.of("offset", "payload"));
        assertThatThrownBy(() -> RawSegment.read(gzip(line + "\n")))
                .hasRootCauseMessage("Raw segment line 1 is not an envelope: it lacks offset, payload");
        assertThatThrownBy(() -> RawSegment.read(gzip(reordered + "\n[1]\n")))
                .hasRootCauseMessage("Raw segment line 2 is not an envelope: not a JSON object");
        assertThatThrownBy(() -> RawSegment.read(gzip("{\"id\": \n"))).cause()
                .hasMessageStartingWith("Raw segment is not NDJSON: Unexpected end-of-input");
    }

    @Test
    void shouldReadLinesWhoseFieldsChangeOrderFromLineToLineAsEachReadsAlone() throws IOException {
        // The reader tries the order the writer and the first lines used before looking names up:
        // lines that leave it, come back to it or add names must read exactly as they do alone.
        StateLayout layout = StateLayout.of(OrderEvents.ORDERS);
        Random random = new Random(23);
        List<Envelope> envelopes = OrderEvents.stream(random, 2, 400, 0.02, 0.02);
        String[] written = new String(new GZIPInputStream(new ByteArrayInputStream(
                RawSegment.write(envelopes, SegmentCodec.GZIP))).readAllBytes(), StandardCharsets.UTF_8).split("\n");
        StringBuilder mixed = new StringBuilder();
        int changed = 0;
        for (String text : written) {
            ObjectNode line = (ObjectNode) Json.mapper().readTree(text);
            if (random.nextInt(3) == 0) {
                line = shuffled(line, random);
                line.set("payload", shuffled((ObjectNode) line.get("payload"), random));
                changed++;
            }
            if (random.nextInt(5) == 0) {
                line.put("note" + random.nextInt(3), random.nextInt());
            }
            if (random.nextInt(7) == 0) {
                ((ObjectNode) line.get("payload")).putObject("extra" + random.nextInt(3)).put("k", random.nextInt());
            }
            if (random.nextInt(11) == 0) {
                line.remove("traceparent");
                line.put("traceparent", (String) null);
            }
            mixed.append(line).append('\n');
        }
        assertThat(changed).as("lines out of the writer's order").isGreaterThan(50);
        String[] lines = mixed.toString().split("\n");

        List<Envelope> all = RawSegment.read(gzip(mixed.toString()));
        List<Envelope> allForFold = RawSegment.readForFold(gzip(mixed.toString()), layout.aggregation());
        assertThat(all).hasSize(envelopes.size());
        for (int i = 0; i < lines.length; i++) {
            Envelope alone = RawSegment.read(gzip(lines[i] + "\n")).get(0);
            Envelope aloneForFold = RawSegment.readForFold(gzip(lines[i] + "\n"), layout.aggregation()).get(0);
            assertThat(all.get(i)).as("line %d", i + 1).isEqualTo(alone);
            assertThat(all.get(i).traceparent()).isEqualTo(alone.traceparent());
            assertThat(allForFold.get(i)).as("line %d for a fold", i + 1).isEqualTo(aloneForFold);
            assertThat(allForFold.get(i).inputs().values()).containsExactly(aloneForFold.inputs().values());
            assertThat(new Envelope(alone.eventId(), alone.eventTimeMs(), alone.group(), alone.source(),
                    alone.producedAtMs(), alone.schemaVersion(), alone.traceparent(), envelopes.get(i).payload()))
                    .as("line %d, every field as written", i + 1).isEqualTo(envelopes.get(i));
        }
    }

    private static ObjectNode shuffled(ObjectNode node, Random random) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        java.util.Collections.shuffle(names, random);
        ObjectNode out = Json.mapper().createObjectNode();
        names.forEach(n -> out.set(n, node.get(n)));
        return out;
    }

    @Test
    void shouldWriteEveryLineAsTheJsonGeneratorWritesIt() throws IOException {
        // Lines are written straight into bytes where their strings need no escaping, and by the
        // generator otherwise: one text either way, the generator's.
        List<Envelope> envelopes = new java.util.ArrayList<>(OrderEvents.stream(new Random(31), 3, 300, 0.02, 0.02));
        Envelope b = envelopes.get(0);
        String[] ids = {"plain-1", "with \"quote\"", "back\\slash", "tab\there", "ctl\u0001", "del\u007f", "caf\u00e9",
            "\ud83d\ude00 emoji", "\ud800 unpaired", "", "/slash/", "~!@#$%^&*()_+{}|:<>?`"};
        long[] times = {0L, 1L, -1L, -62_135_596_800_000L, 253_402_300_799_999L, 253_402_300_800_000L, 1_764_000_000_000L,
            1_764_000_000_100L};
        List<GroupKey> groups = List.of(GroupKey.NONE, GroupKey.of(java.util.Arrays.asList((String) null)),
                GroupKey.of(List.of("a", "b")), GroupKey.of(java.util.Arrays.asList("x", null, "z\"")),
                GroupKey.of(List.of("caf\u00e9")));
        for (int i = 0; i < ids.length; i++) {
            envelopes.add(new Envelope(ids[i], b.eventTimeMs(), b.group(), b.source(), b.producedAtMs(), b.schemaVersion(),
                    b.traceparent(), b.payload(), b.landed(), null));
        }
        for (int i = 0; i < times.length; i++) {
            envelopes.add(new Envelope(b.eventId(), times[i], groups.get(i % groups.size()),
                    new SourceCoordinates(i % 2 == 0 ? "orders.v1_x-y" : "t\u00f6pic", i, Long.MAX_VALUE - i),
                    times[times.length - 1 - i], i == 0 ? Integer.MAX_VALUE : i == 2 ? Integer.MIN_VALUE : i,
                    i % 2 == 0 ? java.util.Optional.empty()
                            : java.util.Optional.of(i == 1 ? "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                                    : "trace \"quoted\""),
                    b.payload(), i == 3 ? null : b.landed(), null));
        }
        byte[] segment = RawSegment.write(envelopes, SegmentCodec.GZIP);
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(segment)).readAllBytes(),
                StandardCharsets.UTF_8);

        assertThat(text).isEqualTo(RawSegment.generatorText(envelopes));
        assertThat(RawSegment.read(segment)).containsExactlyElementsOf(envelopes);
        assertThat(new String(new ZstdInputStream(new ByteArrayInputStream(RawSegment.write(envelopes,
                SegmentCodec.ZSTD))).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldSplitABatchIntoOneSegmentPerEventTimeHour() {
        Envelope a = at(10, "2026-11-25T09:59:59.999Z");
        Envelope b = at(11, "2026-11-25T10:00:00Z");
        Envelope c = at(12, "2026-11-25T09:00:00Z");

        Map<SegmentKey, List<Envelope>> split = RawSegment.split("orders", SegmentCodec.GZIP, 10, 14, List.of(a, b, c));

        assertThat(split.keySet()).extracting(SegmentKey::key).containsExactly(
                "raw/orders/date=2026-11-25/hour=09/orders-0-00000000000000000010-00000000000000000014.ndjson.gz",
                "raw/orders/date=2026-11-25/hour=10/orders-0-00000000000000000010-00000000000000000014.ndjson.gz");
        assertThat(split.values()).containsExactly(List.of(a, c), List.of(b));
    }

    @Test
    void shouldParseTheSegmentKeyItWrites() {
        SegmentKey key = new SegmentKey("orders", "shop.orders-v2", 11, 5, 99, Instant.parse("2026-01-02T03:00:00Z"), SegmentCodec.GZIP);
        assertThat(SegmentKey.parse(key.key())).isEqualTo(key);
        SegmentKey zstd = new SegmentKey("orders", "orders", 1, 5, 99, Instant.parse("2026-01-02T03:00:00Z"), SegmentCodec.ZSTD);
        assertThat(zstd.key()).isEqualTo(
                "raw/orders/date=2026-01-02/hour=03/orders-1-00000000000000000005-00000000000000000099.ndjson.zst");
        assertThat(SegmentKey.parse(zstd.key())).isEqualTo(zstd);
        assertThatThrownBy(() -> SegmentKey.parse(zstd.key().replace(".zst", ".lz4"))).hasMessageContaining("Not a raw segment key");
        assertThatThrownBy(() -> SegmentKey.parse("raw/orders/x.ndjson.gz"))
                .hasMessageContaining("Not a raw segment key (value was: raw/orders/x.ndjson.gz)");
        assertThatThrownBy(() -> new SegmentKey("orders", "t", 0, 5, 4, Instant.parse("2026-01-02T03:00:00Z"), SegmentCodec.GZIP))
                .hasMessageContaining("5-4");
    }

    @Test
    void shouldRoundTripACheckpointWithItsState() {
        StateLayout layout = StateLayout.of(OrderEvents.ORDERS);
        PartitionState state = foldedState(layout);
        Checkpoint c = new Checkpoint("orders", "orders", 1, 300, layout.fingerprint(), state.snapshot());

        Checkpoint read = Checkpoint.parse(c.toBytes());

        assertThat(read).isEqualTo(c);
        assertThat(c.toBytes()).isEqualTo(read.toBytes());
        assertThat(c.key()).isEqualTo("checkpoints/orders/orders-1/00000000000000000300.ckpt");
        assertThat(PartitionState.restore(layout, read.state()).snapshot()).isEqualTo(state.snapshot());
        assertThatThrownBy(() -> Checkpoint.parse(new byte[] {1, 2})).hasMessageStartingWith("Corrupt checkpoint");
    }

    @Test
    void shouldReadForAFoldOnlyThePayloadPropertiesTheAggregatesReadAndFoldToTheSameState() {
        StateLayout layout = StateLayout.of(OrderEvents.ORDERS);
        Set<String> names = layout.aggregation().payloadProperties();
        assertThat(names).as("the orders pipeline's aggregates read some fields, not all").isNotEmpty();
        List<Envelope> envelopes = OrderEvents.stream(new Random(17), 1, 1000, 0.02, 0.02);
        byte[] segment = RawSegment.write(envelopes, SegmentCodec.ZSTD);

        List<Envelope> full = RawSegment.read(segment);
        List<Envelope> projected = RawSegment.readForFold(segment, layout.aggregation());

        assertThat(projected).hasSameSizeAs(full);
        for (int i = 0; i < full.size(); i++) {
            Envelope f = full.get(i);
            Envelope p = projected.get(i);
            ObjectNode kept = f.payload().deepCopy();
            kept.retain(names);
            assertThat(p.payload()).isEqualTo(kept);
            assertThat(kept.size()).as("other properties were there to skip").isLessThan(f.payload().size());
            assertThat(f.inputs()).as("a plain read takes no inputs").isNull();
            assertThat(p.inputs().values()).as("the aggregates' values, taken as the line was read")
                    .containsExactly(layout.aggregation().inputs(f.payload()).values());
            assertThat(new Envelope(p.eventId(), p.eventTimeMs(), p.group(), p.source(), p.producedAtMs(), p.schemaVersion(),
                    p.traceparent(), f.payload())).as("every envelope field but the payload read in full").isEqualTo(f);
        }
        PartitionState fromFull = PartitionState.empty(layout, 1);
        fromFull.fold(full, FoldMode.INCLUDE_LATE);
        PartitionState fromProjected = PartitionState.empty(layout, 1);
        fromProjected.fold(projected, FoldMode.INCLUDE_LATE);
        assertThat(fromProjected.snapshot()).isEqualTo(fromFull.snapshot());
    }

    /** Partition 1's state after 300 orders (2% late, 2% duplicates). */
    private static PartitionState foldedState(StateLayout layout) {
        PartitionState state = PartitionState.empty(layout, 1);
        state.fold(OrderEvents.stream(new Random(3), 1, 300, 0.02, 0.02), FoldMode.EXCLUDE_LATE);
        return state;
    }

    /** A full checkpoint of partition 1 after 300 orders and the delta of the 200 after them. */
    private record Checkpointed(Checkpoint full, CheckpointDelta delta) {
    }

    private static Checkpointed checkpointed() {
        StateLayout layout = StateLayout.of(OrderEvents.ORDERS);
        PartitionState state = foldedState(layout);
        Checkpoint c = new Checkpoint("orders", "orders", 1, 300, layout.fingerprint(), state.snapshot());
        state.markCheckpointed();
        state.fold(OrderEvents.stream(new Random(4), 1, 200, 0.02, 0.02), FoldMode.EXCLUDE_LATE);
        return new Checkpointed(c, new CheckpointDelta("orders", "orders", 1, 300, 500, layout.fingerprint(),
                state.delta()));
    }

    @Test
    void shouldReadCheckpointsAndDeltasFramedWithEitherCodec() {
        Checkpointed checkpointed = checkpointed();
        Checkpoint c = checkpointed.full();
        CheckpointDelta d = checkpointed.delta();

        byte[] zstd = c.toBytes(SegmentCodec.ZSTD);
        byte[] zstdDelta = d.toBytes(SegmentCodec.ZSTD);

        assertThat(zstd).startsWith((byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd).isNotEqualTo(c.toBytes());
        assertThat(c.toBytes(SegmentCodec.ZSTD)).as("deterministic").isEqualTo(zstd);
        assertThat(Checkpoint.parse(zstd)).isEqualTo(c).isEqualTo(Checkpoint.parse(c.toBytes()));
        assertThat(CheckpointDelta.parse(zstdDelta)).usingRecursiveComparison().isEqualTo(d)
                .isEqualTo(CheckpointDelta.parse(d.toBytes()));
        assertThatThrownBy(() -> CheckpointDelta.parse(zstd)).as("a checkpoint is not a delta, whatever its framing")
                .hasMessage("Not a Tandem checkpoint delta");
    }

    @Test
    void shouldReadCheckpointsGzippedAtLevelOneAsBeforeHuffmanOnly() throws IOException {
        Checkpointed checkpointed = checkpointed();
        Checkpoint c = checkpointed.full();
        CheckpointDelta d = checkpointed.delta();

        byte[] levelOne = levelOne(c.toBytes());
        byte[] levelOneDelta = levelOne(d.toBytes());

        assertThat(levelOne).as("another deflate stream of the same bytes").isNotEqualTo(c.toBytes());
        assertThat(Checkpoint.parse(levelOne)).isEqualTo(c);
        assertThat(CheckpointDelta.parse(levelOneDelta)).usingRecursiveComparison().isEqualTo(d);
    }

    /** The frame's bytes as the gzip at level 1 that checkpoints were written with before. */
    private static byte[] levelOne(byte[] gzipped) throws IOException {
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            plain = in.readAllBytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldWriteAManifestSortedAndIdenticallyWhateverTheListingOrder() {
        ManifestEntry x = new ManifestEntry("raw/orders/date=2026-11-25/hour=10/b", 10, "\"abc\"");
        ManifestEntry y = new ManifestEntry("raw/orders/date=2026-11-25/hour=10/a", 20, "def");
        Instant from = Instant.parse("2026-11-25T10:00:00Z");
        Manifest m1 = new Manifest("orders", from, from.plusSeconds(3600), "f00", List.of(x, y));
        Manifest m2 = new Manifest("orders", from, from.plusSeconds(3600), "f00", List.of(y, x));

        assertThat(m1.toJson()).isEqualTo(m2.toJson());
        assertThat(Manifest.parse(m1.toJson())).isEqualTo(m1);
        assertThat(m1.objects().get(1).etag()).isEqualTo("abc");
        assertThat(m1.totalBytes()).isEqualTo(30);
        assertThatThrownBy(() -> new Manifest("orders", from, from, "f00", List.of()))
                .hasMessageContaining("from must be before to");
    }

    @Test
    void shouldWriteAResultWithoutWallClockTimeAndParseItBack() {
        StateLayout layout = StateLayout.of(OrderEvents.ORDERS);
        PartitionState state = PartitionState.empty(layout, 4);
        state.fold(List.of(OrderEvents.envelope(4, 8, OrderEvents.order("o", Instant.parse("2026-11-25T10:00:01Z"),
                "store-7", new BigDecimal("12.30"), "c"))), FoldMode.EXCLUDE_LATE);
        WindowResult w = state.openResults().get(0);
        ResultRecord r = new ResultRecord("orders", w.window(), w.group(), OptionalInt.of(4), ResultStatus.FINAL,
                w.values(), w.sources(), List.of());

        assertThat(r.key()).isEqualTo("orders|2026-11-25T10:00:00Z|[\"store-7\"]|4");
        assertThat(ResultRecord.parse(r.toJson())).isEqualTo(r);
        assertThat(ResultRecord.parse(r.toJson()).toJson()).isEqualTo(r.toJson());
        String json = new String(r.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"revenue\":\"12.30\"").contains("\"offsets\":{\"4\":{\"first\":8,\"last\":8}}")
                .contains("\"status\":\"FINAL\"");
        ResultRecord complete = new ResultRecord("orders", new Window(0, 60_000), GroupKey.NONE, OptionalInt.empty(),
                ResultStatus.CORRECTED, w.values(), Map.of(4, new OffsetRange(1, 2)), List.of("raw/x"));
        assertThat(complete.key()).isEqualTo("orders|1970-01-01T00:00:00Z|[]|*");
        assertThat(ResultRecord.parse(complete.toJson())).isEqualTo(complete);
    }

    static Envelope at(long offset, String time) {
        return OrderEvents.envelope(0, offset, OrderEvents.order("o" + offset, Instant.parse(time), "s",
                BigDecimal.ONE, "c"));
    }
}
