package dev.tandem.shared.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.state.SourceRanges.OffsetRange;
import dev.tandem.shared.window.Window;

/**
 * One value of one (window, group). A micro-batch result is a partial of one source partition;
 * the complete value of a group is the merge of its partials (see
 * {@link dev.tandem.shared.state.WindowAggregates}). A batch result is complete (no partition).
 *
 * <p>Its Kafka key is {@link #key()}; its value is {@link #toJson()}, which holds no wall-clock
 * time, so a re-emitted result is a byte-identical upsert.
 *
 * @param pipeline  the pipeline
 * @param window    the window
 * @param group     the group
 * @param partition the source partition of a partial; empty for a complete (batch) value
 * @param status    PROVISIONAL, FINAL or CORRECTED
 * @param values    aggregate name → value
 * @param offsets   lineage: source partition → offset range folded in
 * @param segments  lineage: for a CORRECTED value, the raw segments holding the records that made the difference
 * @param pendingBackfill a FINAL partial of a window that records of a backfill cut may belong in: the
 *                  backfill will correct it if they do (written only when true)
 */
public record ResultRecord(String pipeline, Window window, GroupKey group, OptionalInt partition, ResultStatus status,
        ObjectNode values, Map<Integer, OffsetRange> offsets, List<String> segments, boolean pendingBackfill) {

    /** A result no backfill is pending for. */
    public ResultRecord(String pipeline, Window window, GroupKey group, OptionalInt partition, ResultStatus status,
            ObjectNode values, Map<Integer, OffsetRange> offsets, List<String> segments) {
        this(pipeline, window, group, partition, status, values, offsets, segments, false);
    }

    public ResultRecord {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(status, "status");
        values = canonical(Objects.requireNonNull(values, "values"));
        offsets = Map.copyOf(offsets);
        segments = List.copyOf(segments);
        if (pendingBackfill && status != ResultStatus.FINAL) {
            throw new IllegalArgumentException("Only a FINAL partial can be pending a backfill, not a " + status
                    + " result of " + window);
        }
    }

    /** The values as they read back from JSON, so a result equals its parsed copy (an int is an int, not a long). */
    private static ObjectNode canonical(ObjectNode values) {
        try {
            return (ObjectNode) Json.mapper().readTree(Json.mapper().writeValueAsBytes(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partial this result is a value of; empty for a complete value. */
    public java.util.Optional<PartialKey> partialKey() {
        return partition.isPresent() ? java.util.Optional.of(new PartialKey(window, group, partition.getAsInt()))
                : java.util.Optional.empty();
    }

    /**
     * The results topic's record key, {@link PartialKey#recordKey}: {@code orders|2026-11-25T10:15:00Z|["store-7"]|2};
     * {@code *} instead of the partition for complete values.
     */
    public String key() {
        return partition.isPresent() ? new PartialKey(window, group, partition.getAsInt()).recordKey(pipeline)
                : PartialKey.completeKey(pipeline, window, group);
    }

    public byte[] toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("pipeline", pipeline);
        o.putObject("window").put("start", window.start().toString()).put("end", window.end().toString());
        ArrayNode g = o.putArray("group");
        group.values().forEach(g::add);
        if (partition.isPresent()) {
            o.put("partition", partition.getAsInt());
        } else {
            o.putNull("partition");
        }
        o.put("status", status.name());
        if (pendingBackfill) {
            o.put("pendingBackfill", true);
        }
        o.set("values", values);
        ObjectNode lineage = o.putObject("lineage");
        ObjectNode offs = lineage.putObject("offsets");
        new TreeMap<>(offsets).forEach((p, r) -> offs.putObject(Integer.toString(p)).put("first", r.first())
                .put("last", r.last()));
        ArrayNode segs = lineage.putArray("segments");
        segments.stream().sorted().forEach(segs::add);
        try {
            return Json.mapper().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ResultRecord parse(byte[] json) {
        try {
            JsonNode o = Json.mapper().readTree(json);
            List<String> group = new ArrayList<>();
            o.get("group").forEach(v -> group.add(v.isNull() ? null : v.asText()));
            Map<Integer, OffsetRange> offsets = new TreeMap<>();
            o.path("lineage").path("offsets").fields().forEachRemaining(e -> offsets.put(Integer.parseInt(e.getKey()),
                    new OffsetRange(e.getValue().get("first").asLong(), e.getValue().get("last").asLong())));
            List<String> segments = new ArrayList<>();
            o.path("lineage").path("segments").forEach(s -> segments.add(s.asText()));
            JsonNode p = o.get("partition");
            return new ResultRecord(o.get("pipeline").asText(),
                    new Window(Instant.parse(o.at("/window/start").asText()).toEpochMilli(),
                            Instant.parse(o.at("/window/end").asText()).toEpochMilli()),
                    GroupKey.of(group), p == null || p.isNull() ? OptionalInt.empty() : OptionalInt.of(p.asInt()),
                    ResultStatus.valueOf(o.get("status").asText()), (ObjectNode) o.get("values"), offsets, segments,
                    o.path("pendingBackfill").asBoolean(false));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not a Tandem result record: " + e.getMessage(), e);
        }
    }
}
