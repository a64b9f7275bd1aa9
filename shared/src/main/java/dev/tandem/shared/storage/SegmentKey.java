package dev.tandem.shared.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.shared.definition.SegmentCodec;

/**
 * Where a raw segment lives:
 * {@code raw/<pipeline>/date=YYYY-MM-DD/hour=HH/<topic>-<partition>-<firstOffset>-<lastOffset>.ndjson.gz}
 * ({@code .ndjson.zst} where the pipeline lands zstd).
 *
 * <p>The offsets are those of the micro-batch that landed it (the same for every hour it was
 * split into); date and hour are the UTC hour of the event times inside. Offsets are written
 * zero-padded to 20 digits so keys sort by offset.
 *
 * @param pipeline    the pipeline name
 * @param topic       the source topic
 * @param partition   the source partition
 * @param firstOffset the micro-batch's first offset
 * @param lastOffset  the micro-batch's last offset
 * @param hour        the start of the UTC event-time hour of every record inside
 * @param codec       how the segment is compressed: the key's suffix
 */
public record SegmentKey(String pipeline, String topic, int partition, long firstOffset, long lastOffset,
        Instant hour, SegmentCodec codec) implements Comparable<SegmentKey> {

    private static final Pattern KEY = Pattern.compile(
            "raw/([a-z][a-z0-9-]*)/date=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/(.+)-(\\d+)-(\\d{20})-(\\d{20})(\\.ndjson\\.(?:gz|zst))");

    public SegmentKey {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(codec, "codec");
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException("Invalid value for parameter \"hour\" (value was: " + hour
                    + "): use the start of an hour");
        }
        if (firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("Invalid offset range (value was: " + firstOffset + "-" + lastOffset + ")");
        }
    }

    /** The prefix of every segment of one event-time hour. */
    public static String hourPrefix(String pipeline, Instant hour) {
        return appendHourPrefix(new StringBuilder(pipeline.length() + 32), pipeline, hour).toString();
    }

    /** The object key, e.g. {@code raw/orders/date=2026-11-25/hour=06/orders-3-<first20>-<last20>.ndjson.gz}. */
    public String key() {
        // Built by hand: keys are made per batch and per comparison, and String.format dominated a profile.
        StringBuilder b = appendHourPrefix(new StringBuilder(pipeline.length() + topic.length() + 96), pipeline, hour);
        b.append(topic).append('-').append(partition).append('-');
        appendPadded(b, firstOffset, 20).append('-');
        return appendPadded(b, lastOffset, 20).append(codec.suffix()).toString();
    }

    private static StringBuilder appendHourPrefix(StringBuilder b, String pipeline, Instant hour) {
        ZonedDateTime h = hour.atZone(ZoneOffset.UTC);
        b.append(ObjectKeys.RAW).append(pipeline).append("/date=");
        appendPadded(b, h.getYear(), 4).append('-');
        appendPadded(b, h.getMonthValue(), 2).append('-');
        appendPadded(b, h.getDayOfMonth(), 2).append("/hour=");
        return appendPadded(b, h.getHour(), 2).append('/');
    }

    private static StringBuilder appendPadded(StringBuilder b, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    public static SegmentKey parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a raw segment key (value was: " + key
                    + "): expected raw/<pipeline>/date=YYYY-MM-DD/hour=HH/<topic>-<partition>-<first>-<last>.ndjson.gz (or .ndjson.zst)");
        }
        Instant hour = Instant.parse(m.group(2) + "T" + m.group(3) + ":00:00Z");
        return new SegmentKey(m.group(1), m.group(4), Integer.parseInt(m.group(5)), Long.parseLong(m.group(6)),
                Long.parseLong(m.group(7)), hour, m.group(8).equals(SegmentCodec.ZSTD.suffix()) ? SegmentCodec.ZSTD
                        : SegmentCodec.GZIP);
    }

    @Override
    public int compareTo(SegmentKey o) {
        return key().compareTo(o.key());
    }

    @Override
    public String toString() {
        return key();
    }
}
