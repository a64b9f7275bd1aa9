package dev.tandem.shared.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;

/**
 * A backfill cut: the offsets {@code [fromOffset, toOffset)} of one source partition that the live
 * path left behind when its backlog grew older than {@code freshness.backfillAfter}, to be landed
 * and folded by the batch rhythm instead. It is written before the live path moves past it, so
 * nothing between the checkpoint and the head is ever skipped unrecorded; its key depends only on
 * the partition and {@code fromOffset}, so deciding again after a crash rewrites the same object.
 *
 * @param pipeline         the pipeline
 * @param topic            the source topic
 * @param partition        the source partition
 * @param fromOffset       the live path's checkpointed next offset at the decision (inclusive)
 * @param toOffset         the partition's end offset at the decision, where the live path goes on (exclusive)
 * @param decidedAt        when the live path decided
 * @param oldestProducedAt produce time of the oldest record left behind, which made it decide
 */
public record BackfillCut(String pipeline, String topic, int partition, long fromOffset, long toOffset,
        Instant decidedAt, Instant oldestProducedAt) {

    public static final String FORMAT = "tandem-backfill-cut/1";

    public BackfillCut {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(oldestProducedAt, "oldestProducedAt");
        if (partition < 0 || fromOffset < 0 || toOffset <= fromOffset) {
            throw new IllegalArgumentException("Invalid backfill cut of " + topic + "-" + partition + " (offsets were: "
                    + fromOffset + " to " + toOffset + "): a cut holds at least one offset of a real partition");
        }
    }

    /** How many offsets the cut spans (records, unless the log has gaps: transaction markers, compaction). */
    public long offsets() {
        return toOffset - fromOffset;
    }

    public String key() {
        return ObjectKeys.backfillCut(pipeline, topic, partition, fromOffset);
    }

    public String doneKey() {
        return ObjectKeys.backfillDone(key());
    }

    public byte[] toJson() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("format", FORMAT);
        o.put("pipeline", pipeline);
        o.put("topic", topic);
        o.put("partition", partition);
        o.put("fromOffset", fromOffset);
        o.put("toOffset", toOffset);
        o.put("decidedAt", decidedAt.toString());
        o.put("oldestProducedAt", oldestProducedAt.toString());
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming {@code key} if the bytes are not a backfill cut */
    public static BackfillCut parse(String key, byte[] json) {
        try {
            JsonNode o = Json.mapper().readTree(json);
            if (!FORMAT.equals(o.path("format").asText())) {
                throw new IllegalArgumentException("format was '" + o.path("format").asText() + "', expected " + FORMAT);
            }
            return new BackfillCut(o.get("pipeline").asText(), o.get("topic").asText(), o.get("partition").asInt(),
                    o.get("fromOffset").asLong(), o.get("toOffset").asLong(), Instant.parse(o.get("decidedAt").asText()),
                    Instant.parse(o.get("oldestProducedAt").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Object " + key + " is not a backfill cut: " + e.getMessage(), e);
        }
    }
}
