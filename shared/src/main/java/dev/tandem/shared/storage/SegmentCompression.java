package dev.tandem.shared.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;

/** The zstd framing of segments, and telling a segment's codec by its first bytes. */
final class SegmentCompression {

    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};
    static final int ZSTD_LEVEL = 1;

    private SegmentCompression() {
    }

    /** One zstd frame of {@code ndjson}, with its content size and checksum. */
    static byte[] zstdFrame(byte[] ndjson) {
        return zstdFrame(ndjson, ndjson.length);
    }

    /** Where each thread compresses into before the frame is copied out at its size: reused, as the input is. */
    private static final ThreadLocal<byte[]> OUTPUT = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    /** One zstd frame of the first {@code length} bytes of {@code ndjson}. */
    static byte[] zstdFrame(byte[] ndjson, int length) {
        int bound = (int) Zstd.compressBound(length);
        byte[] output = OUTPUT.get();
        if (output.length < bound) {
            output = new byte[bound];
            if (bound <= 8 << 20) {
                OUTPUT.set(output);
            }
        }
        // A context per frame: one kept per thread would hold native memory no collector frees.
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(ZSTD_LEVEL);
            ctx.setChecksum(true);
            ctx.setContentSize(true);
            int size = ctx.compressByteArray(output, 0, output.length, ndjson, 0, length);
            return Arrays.copyOf(output, size);
        }
    }

    /** Where each thread inflates the segments it reads whole: reused, so a read allocates no buffer. */
    private static final ThreadLocal<byte[]> INFLATED = ThreadLocal.withInitial(() -> new byte[1 << 20]);
    /** A thread keeps an inflate buffer up to this size; a larger one (a compacted segment's) goes after its read. */
    private static final int KEEP_INFLATED = 32 << 20;

    /** A segment's decompressed bytes: the first {@code length} of {@code bytes}. */
    record Inflated(byte[] bytes, int length) {
    }

    /**
     * The decompressed bytes of a whole segment, in this thread's buffer: valid until the thread's
     * next call. A parser over an array never meets the end of its buffer in mid-token, as one over
     * a stream does every 8,000 bytes, taking its slow paths for the name or number cut there.
     */
    static Inflated inflated(byte[] segment) throws IOException {
        byte[] buf = INFLATED.get();
        int n = 0;
        try (InputStream in = decompressed(new ByteArrayInputStream(segment))) {
            for (int read = 0; read >= 0; read = in.read(buf, n, buf.length - n)) {
                n += read;
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
        }
        if (buf.length <= KEEP_INFLATED) {
            INFLATED.set(buf);
        }
        return new Inflated(buf, n);
    }

    /**
     * The decompressed stream of a segment written under either codec, told apart by its first
     * bytes; anything else is not a segment.
     */
    static InputStream decompressed(InputStream segment) throws IOException {
        // Bytes already in memory can be looked at and reset without another buffer in between.
        InputStream in = segment.markSupported() ? segment : new BufferedInputStream(segment, 1 << 16);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && head[0] == GZIP_MAGIC[0] && head[1] == GZIP_MAGIC[1]) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (Arrays.equals(head, ZSTD_MAGIC)) {
            return new BufferedInputStream(new ZstdInputStream(in), 1 << 16);
        }
        throw new IOException("neither gzip nor zstd (first bytes " + hex(head) + ")");
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x & 0xff));
        }
        return b.length() == 0 ? "none: empty" : b.toString();
    }
}
