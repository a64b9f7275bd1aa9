package dev.tandem.shared.lineage;

import java.util.Map;
import java.util.Objects;

import dev.tandem.shared.state.SourceRanges.OffsetRange;

/**
 * A Kafka topic read by a run.
 *
 * @param bootstrap the first bootstrap server, {@code host:port}, which names the namespace
 * @param topic     the topic
 * @param offsets   partition → offset range read
 * @param quality   counts of what the records turned out to be
 */
public record KafkaInput(String bootstrap, String topic, Map<Integer, OffsetRange> offsets, QualityCounts quality) {

    public KafkaInput {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(topic, "topic");
        offsets = Map.copyOf(offsets);
        Objects.requireNonNull(quality, "quality");
    }
}
