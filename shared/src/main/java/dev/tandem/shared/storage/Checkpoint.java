package dev.tandem.shared.storage;

import java.util.Arrays;
import java.util.Objects;

import dev.tandem.shared.definition.SegmentCodec;

/**
 * A source partition's durable progress: its state snapshot and the next offset to read. A
 * partition is restored from its checkpoint with the highest next offset.
 *
 * <p>Key: {@code checkpoints/<pipeline>/<topic>-<partition>/<nextOffset, 20 digits>.ckpt}, so
 * the newest sorts last. Bytes: gzip of {@code "TCK1"}, pipeline, topic, partition, next offset,
 * state layout fingerprint (UTF strings and big-endian numbers, as {@link DataOutputStream}
 * writes them), then the state snapshot's length and bytes.
 *
 * @param pipeline   the pipeline
 * @param topic      the source topic
 * @param partition  the source partition
 * @param nextOffset the first offset not yet reflected in {@code state}
 * @param layout     the state layout fingerprint the snapshot was written under
 * @param state      the partition state snapshot
 */
public record Checkpoint(String pipeline, String topic, int partition, long nextOffset, String layout, byte[] state) {

    private static final int MAGIC = 0x54434B31; // "TCK1"

    public Checkpoint {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(state, "state");
        if (nextOffset < 0) {
            throw new IllegalArgumentException("Invalid value for parameter \"nextOffset\" (value was: " + nextOffset + ")");
        }
    }

    /** The prefix under which a partition's checkpoints live. */
    public static String prefix(String pipeline, String topic, int partition) {
        return ObjectKeys.checkpoints(pipeline, topic, partition);
    }

    public String key() {
        return prefix(pipeline, topic, partition) + String.format("%020d.ckpt", nextOffset);
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
            out.writeLong(nextOffset);
            out.writeUTF(layout);
            Frames.writeBlob(out, state);
        });
    }

    public static Checkpoint parse(byte[] bytes) {
        return Frames.read(bytes, MAGIC, "checkpoint", in -> new Checkpoint(in.readUTF(), in.readUTF(), in.readInt(),
                in.readLong(), in.readUTF(), Frames.readBlob(in, "state")));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && pipeline.equals(c.pipeline) && topic.equals(c.topic)
                && partition == c.partition && nextOffset == c.nextOffset && layout.equals(c.layout)
                && Arrays.equals(state, c.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pipeline, topic, partition, nextOffset, layout, Arrays.hashCode(state));
    }

    @Override
    public String toString() {
        return "Checkpoint[" + key() + ", layout " + layout + ", " + state.length + " state bytes]";
    }
}
