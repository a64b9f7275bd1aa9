package dev.tandem.shared.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import dev.tandem.shared.aggregate.Aggregation;
import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.EventTimes;
import dev.tandem.shared.record.Json;

/**
 * A raw segment: compressed NDJSON ({@link SegmentCodec}: gzip, or zstd where the pipeline says),
 * one validated (masked) envelope per line, in offset order. The payload is written as it came,
 * masked values spliced in ({@link Envelope#landed}), or from its tree where the bytes are not
 * known (compaction). Readable with {@code zcat segment.ndjson.gz | jq} or {@code zstdcat
 * segment.ndjson.zst | jq}. Java's gzip header carries no timestamp and zstd frames none either,
 * so the same envelopes always give the same bytes.
 */
public final class RawSegment {

    private RawSegment() {
    }

    /**
     * Splits one micro-batch of a partition into segments by UTC event-time hour.
     *
     * @param pipeline    the pipeline name
     * @param codec       how the segments will be compressed: their keys' suffix
     * @param firstOffset the batch's first offset (of all its records, valid or not)
     * @param lastOffset  the batch's last offset
     * @param envelopes   the batch's valid envelopes, in offset order, all of one partition
     */
    public static Map<SegmentKey, List<Envelope>> split(String pipeline, SegmentCodec codec, long firstOffset,
            long lastOffset, List<Envelope> envelopes) {
        // Grouped by hour first: every key of one batch shares everything else, so hour order is key order.
        Map<Instant, List<Envelope>> byHour = new TreeMap<>();
        for (Envelope e : envelopes) {
            Instant hour = Instant.ofEpochMilli(e.eventTimeMs() - Math.floorMod(e.eventTimeMs(), 3_600_000L));
            byHour.computeIfAbsent(hour, k -> new ArrayList<>()).add(e);
        }
        Map<SegmentKey, List<Envelope>> out = new LinkedHashMap<>();
        byHour.forEach((hour, list) -> {
            Envelope first = list.get(0);
            out.put(new SegmentKey(pipeline, first.source().topic(), first.source().partition(), firstOffset, lastOffset,
                    hour, codec), list);
        });
        return out;
    }

    /** Records per gzip member or zstd frame: members of one segment are compressed in parallel. */
    static final int MEMBER_RECORDS = 1024;

    /**
     * The segment's bytes: NDJSON compressed with {@code codec}. A large batch is written as several
     * members (gzip members, zstd frames) of {@value #MEMBER_RECORDS} lines, compressed on all cores
     * and concatenated — still one stream to {@code zcat} / {@code zstdcat} and every reader of the
     * format, and the same bytes for the same records.
     */
    public static byte[] write(List<Envelope> envelopes, SegmentCodec codec) {
        // An array and index ranges, whatever list came: a member's loops saw array lists and their
        // sublists, and C2 compiled the writer seven times over after its loop predicates failed.
        Envelope[] all = envelopes.toArray(Envelope[]::new);
        if (all.length <= MEMBER_RECORDS) {
            return member(all, 0, all.length, codec);
        }
        int members = (all.length + MEMBER_RECORDS - 1) / MEMBER_RECORDS;
        List<byte[]> compressed = IntStream.range(0, members).parallel()
                .mapToObj(k -> member(all, k * MEMBER_RECORDS, Math.min(all.length, (k + 1) * MEMBER_RECORDS), codec))
                .toList();
        byte[] out = new byte[compressed.stream().mapToInt(b -> b.length).sum()];
        int at = 0;
        for (byte[] member : compressed) {
            System.arraycopy(member, 0, out, at, member.length);
            at += member.length;
        }
        return out;
    }

    /**
     * Where each thread writes a member's NDJSON before compressing it, reused: a member is about half
     * a megabyte, and allocating one per 1,024 records was a twentieth of everything the micro-batch
     * function allocated. Beyond {@link #KEEP_AT_MOST} a buffer is not kept: one odd batch should not
     * pin its memory.
     */
    private static final ThreadLocal<byte[]> LINES = ThreadLocal.withInitial(() -> new byte[1 << 16]);
    private static final int KEEP_AT_MOST = 8 << 20;

    /** The member of {@code envelopes[from, to)}. */
    private static byte[] member(Envelope[] envelopes, int from, int to, SegmentCodec codec) {
        // Sized from the payloads it will hold, so the buffer does not grow (and copy itself) on the way.
        int estimate = 1024;
        for (int i = from; i < to; i++) {
            byte[] landed = envelopes[i].landed();
            estimate += landed == null ? 512 : landed.length + 320;
        }
        byte[] reused = LINES.get();
        SegmentLine out = new SegmentLine(reused.length < estimate ? new byte[estimate] : reused, 0);
        GeneratorLines generator = null;
        for (int i = from; i < to; i++) {
            Envelope e = envelopes[i];
            if (!out.append(e)) {
                if (generator == null) {
                    generator = new GeneratorLines();
                }
                generator.write(e, out);
            }
        }
        byte[] member = codec == SegmentCodec.GZIP ? gzip(out.buffer(), out.count())
                : SegmentCompression.zstdFrame(out.buffer(), out.count());
        if (out.buffer() != reused && out.buffer().length <= KEEP_AT_MOST) {
            LINES.set(out.buffer());
        }
        return member;
    }

    private static byte[] gzip(byte[] ndjson, int length) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream(length / 4);
        try (OutputStream gz = Gzip.output(gzipped)) {
            gz.write(ndjson, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gzipped.toByteArray();
    }

    /**
     * The lines {@link SegmentLine} leaves to the JSON generator — strings it would have to escape,
     * payloads known only as trees — written one at a time and appended in their place.
     */
    private static final class GeneratorLines {
        private final LineBuffer line = new LineBuffer();
        private final JsonGenerator g;
        private final byte[] scratch = new byte[24];

        GeneratorLines() {
            try {
                g = Json.mapper().createGenerator(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.setRootValueSeparator(null);
        }

        void write(Envelope e, SegmentLine out) {
            try {
                writeLine(g, e, scratch);
                g.writeRaw('\n');
                g.flush();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            out.append(line.bytes(), line.size());
            line.reset();
        }
    }

    /** Lends its array, so a generator-written line is copied once, into the member, not twice. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(1024);
        }

        byte[] bytes() {
            return buf;
        }
    }

    /** The generator's text of {@code envelopes}: the reference {@link SegmentLine} is held to. */
    static String generatorText(List<Envelope> envelopes) {
        GeneratorLines generator = new GeneratorLines();
        SegmentLine out = new SegmentLine(new byte[1024], 0);
        envelopes.forEach(e -> generator.write(e, out));
        return new String(out.buffer(), 0, out.count(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static List<Envelope> read(byte[] segment) {
        return read(segment, null);
    }

    /** Reads every envelope of a segment stream (NDJSON, gzip or zstd: told by its first bytes). */
    public static List<Envelope> read(InputStream segment) throws IOException {
        return SegmentReader.read(SegmentCompression.decompressed(segment), null);
    }

    /**
     * Reads every envelope of a segment for {@code aggregation} to fold: of each payload only the
     * top-level properties its fields start with are built (the parser skips the rest), and the
     * values it reads are taken as each line is read ({@link Envelope#inputs()}). The envelope's own
     * fields are read in full.
     */
    public static List<Envelope> readForFold(byte[] segment, Aggregation aggregation) {
        return read(segment, aggregation);
    }

    /** With {@code foldFor} not null, each payload keeps only what it reads, and its inputs. */
    private static List<Envelope> read(byte[] segment, Aggregation foldFor) {
        try {
            SegmentCompression.Inflated ndjson = SegmentCompression.inflated(segment);
            return SegmentReader.read(ndjson.bytes(), ndjson.length(), foldFor);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt raw segment", e);
        }
    }

    // Pre-encoded names: written as bytes, not escaped character by character on every line.
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString GROUP = new SerializedString("group");
    private static final SerializedString TOPIC = new SerializedString("topic");
    private static final SerializedString PARTITION = new SerializedString("partition");
    private static final SerializedString OFFSET = new SerializedString("offset");
    private static final SerializedString PRODUCED_AT = new SerializedString("producedAt");
    private static final SerializedString SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializedString TRACEPARENT = new SerializedString("traceparent");
    private static final SerializedString PAYLOAD = new SerializedString("payload");

    private static void writeLine(JsonGenerator g, Envelope e, byte[] scratch) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(e.eventId());
        g.writeFieldName(TIME);
        writeInstant(g, e.eventTimeMs(), scratch);
        g.writeFieldName(GROUP);
        g.writeStartArray();
        for (String v : e.group().values()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeFieldName(TOPIC);
        g.writeString(e.source().topic());
        g.writeFieldName(PARTITION);
        g.writeNumber(e.source().partition());
        g.writeFieldName(OFFSET);
        g.writeNumber(e.source().offset());
        g.writeFieldName(PRODUCED_AT);
        writeInstant(g, e.producedAtMs(), scratch);
        g.writeFieldName(SCHEMA_VERSION);
        g.writeNumber(e.schemaVersion());
        if (e.traceparent().isPresent()) {
            g.writeFieldName(TRACEPARENT);
            g.writeString(e.traceparent().get());
        }
        g.writeFieldName(PAYLOAD);
        if (e.landed() != null) {
            g.writeRawValue(new RawJsonValue(e.landed()));
        } else {
            g.writeTree(e.payload());
        }
        g.writeEndObject();
    }

    /** As {@link EventTimes#format} writes it, without a string per timestamp (ASCII: nothing to escape). */
    private static void writeInstant(JsonGenerator g, long epochMillis, byte[] scratch) throws IOException {
        int n = EventTimes.formatTo(epochMillis, scratch);
        if (n < 0) {
            g.writeString(EventTimes.format(epochMillis));
        } else {
            g.writeRawUTF8String(scratch, 0, n);
        }
    }
}
