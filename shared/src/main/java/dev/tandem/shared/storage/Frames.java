package dev.tandem.shared.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import dev.tandem.shared.definition.SegmentCodec;

/**
 * The framing of Tandem's binary objects (checkpoints and their deltas): gzip, or one zstd frame
 * where the pipeline lands zstd ({@link SegmentCodec}), around a magic number and fields as
 * {@link DataOutputStream} writes them. Readers tell the two apart by the first bytes.
 */
final class Frames {

    private Frames() {
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    interface Parser<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] write(int magic, SegmentCodec codec, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(codec == SegmentCodec.GZIP ? Gzip.huffmanOnly(bytes) : bytes)) {
            out.writeInt(magic);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return codec == SegmentCodec.GZIP ? bytes.toByteArray() : SegmentCompression.zstdFrame(bytes.toByteArray());
    }

    /** Reads a frame of {@code what} (e.g. "checkpoint"); anything else is refused saying what it is not. */
    static <T> T read(byte[] bytes, int magic, String what, Parser<T> parser) {
        try (DataInputStream in = new DataInputStream(SegmentCompression.decompressed(new ByteArrayInputStream(bytes)))) {
            if (in.readInt() != magic) {
                throw new IllegalArgumentException("Not a Tandem " + what);
            }
            return parser.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Corrupt " + what + ": " + e.getMessage(), e);
        }
    }

    /** Writes a length-prefixed byte array. */
    static void writeBlob(DataOutputStream out, byte[] blob) throws IOException {
        out.writeInt(blob.length);
        out.write(blob);
    }

    /** Reads a length-prefixed byte array, refusing a negative or truncated one. */
    static byte[] readBlob(DataInputStream in, String name) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative " + name + " length");
        }
        byte[] blob = in.readNBytes(n);
        if (blob.length != n) {
            throw new IOException("truncated " + name + ": " + blob.length + " of " + n + " bytes");
        }
        return blob;
    }
}
