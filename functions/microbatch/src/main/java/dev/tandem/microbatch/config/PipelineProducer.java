package dev.tandem.microbatch.config;


import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.decode.RecordDecoder;

/**
 * Loads the pipeline definition once at start-up. An invalid definition, a source channel that
 * reads another topic, or a missing masking key stops start-up with a message naming the fix.
 */
public class PipelineProducer {

    @Produces
    @Singleton
    PipelineDefinition definition(TandemConfig config,
            @ConfigProperty(name = "mp.messaging.incoming.source.topic") String channelTopic) {
        PipelineDefinition d = config.pipeline().load();
        if (!d.source().topic().equals(channelTopic)) {
            throw new IllegalStateException("Pipeline '" + d.name() + "' reads topic '" + d.source().topic()
                    + "' but mp.messaging.incoming.source.topic is '" + channelTopic
                    + "'; set MP_MESSAGING_INCOMING_SOURCE_TOPIC=" + d.source().topic());
        }
        return d;
    }

    @Produces
    @Singleton
    RecordDecoder decoder(PipelineDefinition definition, TandemConfig config) {
        return config.masking().decoder(definition);
    }
}
