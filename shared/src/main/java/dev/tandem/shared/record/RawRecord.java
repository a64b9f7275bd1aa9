package dev.tandem.shared.record;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A record as delivered, before decoding.
 *
 * @param source      topic, partition, offset
 * @param timestampMs the Kafka record timestamp (producer's create time by default), epoch ms
 * @param key         the record key, may be null
 * @param value       the record value, may be null (a tombstone, which is invalid here)
 * @param headers     the record headers in order
 */
public record RawRecord(SourceCoordinates source, long timestampMs, byte[] key, byte[] value,
        List<RecordHeader> headers) {

    public RawRecord {
        Objects.requireNonNull(source, "source");
        headers = List.copyOf(headers);
    }

    /** The value of the last header with this key, as UTF-8 text. */
    public Optional<String> header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equalsIgnoreCase(name)) {
                return Optional.ofNullable(headers.get(i).valueAsString());
            }
        }
        return Optional.empty();
    }
}
