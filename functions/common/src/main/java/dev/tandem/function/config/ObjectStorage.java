package dev.tandem.function.config;

import io.smallrye.config.WithDefault;

/** {@code tandem.s3.*}: where Tandem keeps its durable state. */
public interface ObjectStorage {

    /** The bucket that holds raw segments, checkpoints, manifests, results, reports and the audit log. */
    @WithDefault("tandem")
    String bucket();
}
