package dev.tandem.shared.record;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A Kafka record header; Kafka allows a key more than once, so headers are a list. */
public record RecordHeader(String key, byte[] value) {

    public RecordHeader {
        Objects.requireNonNull(key, "key");
    }

    public static RecordHeader of(String key, String value) {
        return new RecordHeader(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
