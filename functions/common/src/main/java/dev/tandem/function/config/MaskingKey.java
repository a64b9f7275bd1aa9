package dev.tandem.function.config;

import java.util.Base64;
import java.util.Optional;

import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.masking.MaskMethod;
import dev.tandem.shared.masking.Masker;

/** {@code tandem.masking.*}: the key for PII fields masked with {@code hmac}. */
public interface MaskingKey {

    /**
     * Base64 of at least 32 bytes. Required by the micro-batch function when the pipeline has HMAC
     * fields, and by the batch function for backfills (it lands records the live path skipped); keep
     * it in a secret, never in the pipeline file.
     */
    Optional<String> key();

    /**
     * The pipeline's record decoder, masking with this key: the micro-batch function's, and the batch
     * function's for backfills, which land records as the micro-batch function does.
     *
     * @throws IllegalStateException if the key is not base64, or missing while the pipeline masks with an HMAC
     */
    default RecordDecoder decoder(PipelineDefinition definition) {
        boolean needsKey = definition.pii().stream().anyMatch(p -> p.method() == MaskMethod.HMAC);
        byte[] bytes = null;
        if (key().isPresent()) {
            try {
                bytes = Base64.getDecoder().decode(key().get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("tandem.masking.key is not valid base64: " + e.getMessage()
                        + "; generate one with: head -c 32 /dev/urandom | base64");
            }
        } else if (needsKey) {
            throw new IllegalStateException("Pipeline '" + definition.name() + "' masks PII with an HMAC but"
                    + " tandem.masking.key is not set; set TANDEM_MASKING_KEY to base64 of 32 random bytes"
                    + " (head -c 32 /dev/urandom | base64), kept in a secret");
        }
        return RecordDecoder.of(definition, Masker.of(definition.pii(), bytes));
    }
}
