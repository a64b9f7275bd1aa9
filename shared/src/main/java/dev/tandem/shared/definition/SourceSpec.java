package dev.tandem.shared.definition;

import java.util.Objects;

/**
 * Where a pipeline's events come from.
 *
 * @param topic  the Kafka topic
 * @param format how its values are encoded
 */
public record SourceSpec(String topic, SourceFormat format) {

    public SourceSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(format, "format");
    }
}
