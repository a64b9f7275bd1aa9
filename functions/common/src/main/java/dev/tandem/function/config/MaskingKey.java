package dev.tandem.function.config;

import java.util.Optional;

/** {@code tandem.masking.*}: the key for PII fields masked with {@code hmac}. */
public interface MaskingKey {

    /**
     * Base64 of at least 32 bytes. Required by the micro-batch function when the pipeline has HMAC
     * fields; keep it in a secret, never in the pipeline file. The batch function reads masked data
     * only and accepts it so one configuration serves both.
     */
    Optional<String> key();
}
