package dev.tandem.batch.core;

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
 * per hour of window start, lines sorted by window then group. Nothing in them depends on the run
 * or the clock, so the same manifest always gives the same bytes.
 */
public final class ResultObjects {

    private ResultObjects() {
    }

    /** Hour of window start → the object's bytes. */
    public static Map<Instant, byte[]> of(FoldedRange folded) {
        Map<Instant, List<ResultRecord>> byHour = new TreeMap<>();
        for (WindowResult r : folded.complete().results()) {
            List<String> segments = new ArrayList<>();
            r.sources().forEach((p, offsets) -> segments.addAll(folded.segments().covering(r.window(), p, offsets)));
            byHour.computeIfAbsent(r.window().start().truncatedTo(ChronoUnit.HOURS), h -> new ArrayList<>())
                    .add(new ResultRecord(folded.manifest().pipeline(), r.window(), r.group(), OptionalInt.empty(),
                            ResultStatus.FINAL, r.values(), r.sources(), segments));
        }
        Map<Instant, byte[]> out = new TreeMap<>();
        byHour.forEach((hour, records) -> out.put(hour, write(records)));
        return out;
    }

    static byte[] write(List<ResultRecord> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            for (ResultRecord r : records) {
                gzip.write(r.toJson());
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
