package dev.tandem.shared.storage;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.shared.definition.SegmentCodec;

/**
 * An incremental checkpoint: what one micro-batch changed in a partition's state (see
 * {@code PartitionState.delta()}), from the checkpoint whose next offset is {@code baseOffset} to
 * {@code nextOffset}. A partition is restored from its newest full {@link Checkpoint} followed by
 * the chain of deltas that starts at it.
 *
 * <p>Key: {@code checkpoints/<pipeline>/<topic>-<partition>/<nextOffset>-from-<baseOffset>.delta}
 * (20-digit offsets). Bytes: gzip of {@code "TCD1"}, pipeline, topic, partition, base offset,
 * next offset, layout, delta length and bytes.
 *
 * @param pipeline   the pipeline
 * @param topic      the source topic
 * @param partition  the source partition
 * @param baseOffset the next offset of the checkpoint this delta applies to
 * @param nextOffset the next offset once applied
 * @param layout     the state layout fingerprint
 * @param delta      the state delta
 */
public record CheckpointDelta(String pipeline, String topic, int partition, long baseOffset, long nextOffset,
        String layout, byte[] delta) {

    private static final int MAGIC = 0x54434431; // "TCD1"
    private static final Pattern NAME = Pattern.compile("(\\d{20})-from-(\\d{20})\\.delta");

    public CheckpointDelta {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(delta, "delta");
        if (baseOffset < 0 || nextOffset < baseOffset) {
            throw new IllegalArgumentException("Invalid delta range (value was: " + baseOffset + " to " + nextOffset + ")");
        }
    }

    public String key() {
        return Checkpoint.prefix(pipeline, topic, partition) + String.format("%020d-from-%020d.delta", nextOffset,
                baseOffset);
    }

    /** {next, base} of a delta key, or null if the key is not a delta's. */
    public static long[] offsetsOf(String key) {
        Matcher m = NAME.matcher(key.substring(key.lastIndexOf('/') + 1));
        return m.matches() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : null;
    }

    /** gzip-framed. */
    public byte[] toBytes() {
        return toBytes(SegmentCodec.GZIP);
    }

    /** Framed with the pipeline's {@code landing.codec}; {@link #parse} reads either. */
    public byte[] toBytes(SegmentCodec codec) {
        return Frames.write(MAGIC, codec, out -> {
            out.writeUTF(pipeline);
            out.writeUTF(topic);
            out.writeInt(partition);
            out.writeLong(baseOffset);
            out.writeLong(nextOffset);
            out.writeUTF(layout);
            Frames.writeBlob(out, delta);
        });
    }

    public static CheckpointDelta parse(byte[] bytes) {
        return Frames.read(bytes, MAGIC, "checkpoint delta", in -> new CheckpointDelta(in.readUTF(), in.readUTF(),
                in.readInt(), in.readLong(), in.readLong(), in.readUTF(), Frames.readBlob(in, "delta")));
    }
}
