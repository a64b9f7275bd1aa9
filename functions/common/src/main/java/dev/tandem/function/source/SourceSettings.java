package dev.tandem.function.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.Config;

/**
 * The pull consumer's Kafka properties. The cluster's ({@code kafka.*}: bootstrap servers, security)
 * come first; each Kafka consumer property set under {@value #PREFIX} (topic, group id, fetch sizes,
 * session timeout, static membership…) replaces its value — the keys a deployment already sets,
 * read as environment variables too ({@code MP_MESSAGING_INCOMING_SOURCE_GROUP_INSTANCE_ID}).
 * Values and keys are bytes; offsets are never committed automatically: checkpoints decide them.
 */
public record SourceSettings(boolean enabled, String topic, Map<String, Object> kafka) {

    static final String PREFIX = "mp.messaging.incoming.source.";

    public SourceSettings {
        kafka = Map.copyOf(kafka);
    }

    /** From the cluster's properties and the channel's keys in {@code config}. */
    public static SourceSettings of(Map<String, Object> cluster, Config config) {
        boolean enabled = config.getOptionalValue(PREFIX + "enabled", Boolean.class).orElse(true);
        String topic = config.getValue(PREFIX + "topic", String.class);
        Map<String, Object> kafka = new HashMap<>();
        Set<String> consumerKeys = ConsumerConfig.configNames();
        cluster.forEach((k, v) -> {
            if (consumerKeys.contains(k)) {
                kafka.put(k, v);
            }
        });
        for (String key : consumerKeys) {
            config.getOptionalValue(PREFIX + key, String.class).ifPresent(v -> kafka.put(key, v));
        }
        if (!kafka.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            throw new IllegalStateException("No consumer group for the source topic " + topic + ": set " + PREFIX
                    + ConsumerConfig.GROUP_ID_CONFIG);
        }
        kafka.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        kafka.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        kafka.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-source-" + kafka.get(ConsumerConfig.GROUP_ID_CONFIG));
        return new SourceSettings(enabled, topic, kafka);
    }

    public String groupId() {
        return kafka.get(ConsumerConfig.GROUP_ID_CONFIG).toString();
    }
}
