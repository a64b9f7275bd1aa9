package dev.tandem.engine.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/**
 * The bytes of a run's results: complete values ({@code partition: null}), one gzip NDJSON object
 * per hour of window start, lines sorted by window then group. Nothing in them depends on the run,
 * the clock or how the records were cut into objects: lineage is the offset range per source
 * partition (the run's manifest names the exact segments), so the same records give the same
 * bytes — after a replay, and after compaction rewrote the segments.
 */
public final class ResultObjects {

    private ResultObjects() {
    }

    /**
     * Hour of window start → the object's bytes. Each line is made on all cores (a range's results
     * are tens of thousands of lines, and they were the single-threaded tail of a recompute); the
     * lines keep their order, so the bytes are the same.
     */
    public static Map<Instant, byte[]> of(FoldedRange folded) {
        Map<Instant, List<WindowResult>> byHour = new TreeMap<>();
        for (WindowResult r : folded.complete().results()) {
            byHour.computeIfAbsent(r.window().start().truncatedTo(ChronoUnit.HOURS), h -> new ArrayList<>()).add(r);
        }
        String pipeline = folded.manifest().pipeline();
        Map<Instant, byte[]> out = new TreeMap<>();
        byHour.forEach((hour, results) -> out.put(hour, write(results.parallelStream()
                .map(r -> new ResultRecord(pipeline, r.window(), r.group(), OptionalInt.empty(), ResultStatus.FINAL,
                        r.values(), r.sources(), List.of()).toJson())
                .toList())));
        return out;
    }

    /** One gzip NDJSON object of {@code lines}, in their order. */
    static byte[] write(List<byte[]> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            for (byte[] line : lines) {
                gzip.write(line);
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a result object back. */
    public static List<ResultRecord> read(byte[] object) {
        List<ResultRecord> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(object))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(ResultRecord.parse(line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt result object", e);
        }
        return out;
    }
}
