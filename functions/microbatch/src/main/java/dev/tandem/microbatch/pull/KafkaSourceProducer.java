package dev.tandem.microbatch.pull;

import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.tandem.function.source.KafkaSource;
import dev.tandem.function.source.SourceSettings;
import io.smallrye.common.annotation.Identifier;

/** The source topic's consumer: the cluster's properties and the channel's keys, stopped on shutdown. */
@Singleton
class KafkaSourceProducer {

    @Produces
    @Singleton
    KafkaSource source(@Identifier("default-kafka-broker") Map<String, Object> cluster, Config config,
            PartitionOwnership ownership) {
        return new KafkaSource(SourceSettings.of(cluster, config), ownership);
    }

    void stop(@Disposes KafkaSource source) {
        source.stop();
    }
}
