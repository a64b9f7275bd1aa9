package dev.tandem.batch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the function keeps its durable state: raw segments, manifests, results. */
@ConfigMapping(prefix = "tandem.s3")
public interface StorageConfig {

    /** The bucket that holds every object Tandem writes. */
    @WithDefault("tandem")
    String bucket();
}
