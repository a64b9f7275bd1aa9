package dev.tandem.function.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SourceSettingsTest {

    private static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100),
                new EnvConfigSource(env, 300)).build();
    }

    @Test
    void takesTheClustersConsumerPropertiesAndTheChannelsKeysOverThem() {
        SourceSettings s = SourceSettings.of(Map.of("bootstrap.servers", "127.0.0.1:9092", "security.protocol", "SSL",
                "acks", "all", "max.poll.records", "100"),
                config(Map.of("mp.messaging.incoming.source.topic", "orders",
                        "mp.messaging.incoming.source.group.id", "g", "mp.messaging.incoming.source.max.poll.records",
                        "5000", "mp.messaging.incoming.source.batch", "true"), Map.of()));
        assertThat(s.enabled()).isTrue();
        assertThat(s.topic()).isEqualTo("orders");
        assertThat(s.kafka()).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("max.poll.records", "5000")
                .containsEntry("group.id", "g")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer")
                .containsEntry("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer")
                // Not consumer properties: a producer's, and a key of the former messaging connector.
                .doesNotContainKeys("acks", "batch");
        assertThat(s.groupId()).isEqualTo("g");
    }

    @Test
    void readsTheKeysFromEnvironmentVariablesAsTheManifestsSetThem() {
        SourceSettings s = SourceSettings.of(Map.of("bootstrap.servers", "127.0.0.1:9092"),
                config(Map.of("mp.messaging.incoming.source.topic", "orders",
                        "mp.messaging.incoming.source.group.id", "g"),
                        Map.of("MP_MESSAGING_INCOMING_SOURCE_GROUP_INSTANCE_ID", "pod-1",
                                "MP_MESSAGING_INCOMING_SOURCE_GROUP_ID", "from-env",
                                "MP_MESSAGING_INCOMING_SOURCE_ENABLED", "false")));
        assertThat(s.kafka()).containsEntry("group.instance.id", "pod-1").containsEntry("group.id", "from-env");
        assertThat(s.enabled()).isFalse();
    }

    @Test
    void refusesAConsumerWithoutAGroup() {
        assertThatThrownBy(() -> SourceSettings.of(Map.of("bootstrap.servers", "127.0.0.1:9092"),
                config(Map.of("mp.messaging.incoming.source.topic", "orders"), Map.of())))
                .hasMessageContaining("mp.messaging.incoming.source.group.id");
    }
}
