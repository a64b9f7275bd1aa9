package dev.tandem.microbatch.config;

import java.util.Base64;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.masking.MaskMethod;
import dev.tandem.shared.masking.Masker;
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
        boolean needsKey = definition.pii().stream().anyMatch(p -> p.method() == MaskMethod.HMAC);
        byte[] key = null;
        if (config.masking().key().isPresent()) {
            try {
                key = Base64.getDecoder().decode(config.masking().key().get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tandem.masking.key is not valid base64: " + e.getMessage()
                        + "; generate one with: head -c 32 /dev/urandom | base64");
            }
        } else if (needsKey) {
            throw new IllegalStateException("Pipeline '" + definition.name() + "' masks PII with an HMAC but"
                    + " tandem.masking.key is not set; set TANDEM_MASKING_KEY to base64 of 32 random bytes"
                    + " (head -c 32 /dev/urandom | base64), kept in a secret");
        }
        return RecordDecoder.of(definition, Masker.of(definition.pii(), key));
    }
}
