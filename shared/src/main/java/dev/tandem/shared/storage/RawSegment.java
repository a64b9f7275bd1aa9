package dev.tandem.shared.storage;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.SourceCoordinates;

/**
 * A raw segment: gzip-compressed NDJSON, one validated (masked) envelope per line, in offset
 * order. Readable with {@code zcat segment.ndjson.gz | jq}. Java's gzip header carries no
 * timestamp, so the same envelopes always give the same bytes.
 */
public final class RawSegment {

    private RawSegment() {
    }

    /**
     * Splits one micro-batch of a partition into segments by UTC event-time hour.
     *
     * @param pipeline    the pipeline name
     * @param firstOffset the batch's first offset (of all its records, valid or not)
     * @param lastOffset  the batch's last offset
     * @param envelopes   the batch's valid envelopes, in offset order, all of one partition
     */
    public static Map<SegmentKey, List<Envelope>> split(String pipeline, long firstOffset, long lastOffset,
            List<Envelope> envelopes) {
        Map<SegmentKey, List<Envelope>> out = new TreeMap<>();
        for (Envelope e : envelopes) {
            Instant hour = Instant.ofEpochMilli(e.eventTimeMs()).truncatedTo(ChronoUnit.HOURS);
            SegmentKey key = new SegmentKey(pipeline, e.source().topic(), e.source().partition(), firstOffset, lastOffset,
                    hour);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    public static byte[] write(List<Envelope> envelopes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            for (Envelope e : envelopes) {
                gzip.write(Json.mapper().writeValueAsBytes(line(e)));
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<Envelope> read(byte[] segment) {
        try {
            return read(new ByteArrayInputStream(segment));
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt raw segment", e);
        }
    }

    /** Reads every envelope of a segment stream (gzip NDJSON). */
    public static List<Envelope> read(InputStream segment) throws IOException {
        List<Envelope> out = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(segment), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = lines.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    out.add(envelope(Json.mapper().readTree(line), n));
                }
            }
        }
        return out;
    }

    static ObjectNode line(Envelope e) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", e.eventId());
        o.put("time", Instant.ofEpochMilli(e.eventTimeMs()).toString());
        ArrayNode group = o.putArray("group");
        e.group().values().forEach(group::add);
        o.put("topic", e.source().topic());
        o.put("partition", e.source().partition());
        o.put("offset", e.source().offset());
        o.put("producedAt", Instant.ofEpochMilli(e.producedAtMs()).toString());
        o.put("schemaVersion", e.schemaVersion());
        e.traceparent().ifPresent(t -> o.put("traceparent", t));
        o.set("payload", e.payload());
        return o;
    }

    private static Envelope envelope(JsonNode o, int line) throws IOException {
        try {
            List<String> group = new ArrayList<>();
            o.get("group").forEach(v -> group.add(v.isNull() ? null : v.asText()));
            return new Envelope(o.get("id").asText(), Instant.parse(o.get("time").asText()).toEpochMilli(),
                    GroupKey.of(group),
                    new SourceCoordinates(o.get("topic").asText(), o.get("partition").asInt(), o.get("offset").asLong()),
                    Instant.parse(o.get("producedAt").asText()).toEpochMilli(), o.get("schemaVersion").asInt(),
                    Optional.ofNullable(o.get("traceparent")).map(JsonNode::asText), o.get("payload"));
        } catch (RuntimeException e) {
            throw new IOException("Raw segment line " + line + " is not an envelope: " + e.getMessage(), e);
        }
    }
}
