package dev.tandem.shared.definition;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.github.luben.zstd.util.Native;

/**
 * How a raw segment's NDJSON is compressed: the pipeline's {@code landing.codec}. The key's suffix
 * names it ({@code .ndjson.gz}, {@code .ndjson.zst}) for people and tools; readers go by the
 * bytes' own magic number, so segments written under either codec read alike (the storage
 * package's {@code RawSegment} writes and reads both).
 *
 * <p>zstd level 1 compresses a segment of the {@code orders} example about four times as fast as
 * gzip level 1, into about a quarter fewer bytes, and decompresses it about six times as fast
 * (measured on 1,024-line members). gzip stays the default: every tool reads it. zstd NDJSON is
 * read by {@code zstdcat}, DuckDB, Spark and Trino. Each 1,024-line member is one zstd frame with
 * its content size and checksum; frames are concatenated, as zstd's format allows.
 */
public enum SegmentCodec {

    /** gzip level 1 members, concatenated: one gzip stream to {@code zcat}. */
    GZIP(".ndjson.gz"),
    /** zstd level 1 frames, concatenated: one stream to {@code zstdcat}. */
    ZSTD(".ndjson.zst");

    private final String suffix;

    SegmentCodec(String suffix) {
        this.suffix = suffix;
    }

    /** As the pipeline file names it: {@code gzip}, {@code zstd}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The end of every segment key written with this codec. */
    public String suffix() {
        return suffix;
    }

    /** The codec the pipeline file names, if it names one. */
    public static Optional<SegmentCodec> ofLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label().equals(label)).findFirst();
    }

    /**
     * Why this codec cannot run in this process, if it cannot: zstd needs the zstd-jni native
     * library (bundled for Linux, macOS and Windows on x86-64 and ARM; a GraalVM native executable
     * would have to be built with it). Checked when the pipeline is loaded, so a function that could
     * not land its segments never starts.
     */
    public Optional<String> unavailable() {
        if (this != ZSTD) {
            return Optional.empty();
        }
        try {
            Native.load();
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("the zstd native library did not load here (" + e.getMessage() + ")");
        }
    }
}
