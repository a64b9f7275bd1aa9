package dev.tandem.microbatch.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the micro-batch function. */
@ConfigMapping(prefix = "tandem")
public interface TandemConfig {

    /** Which pipeline this function runs. */
    Pipeline pipeline();

    /** Keys for masking PII. */
    Masking masking();

    /** Object storage. */
    S3 s3();

    /** Micro-batch behaviour. */
    Microbatch microbatch();

    /** Where OpenLineage events go. */
    Lineage lineage();

    interface Pipeline {
        /** The pipeline definition file; when absent, {@link #resource()} is read from the classpath. */
        Optional<Path> file();

        /** A pipeline definition shipped on the classpath. */
        @WithDefault("pipelines/orders.yaml")
        String resource();
    }

    interface Masking {
        /**
         * The HMAC key for PII fields masked with {@code hmac}: base64 of at least 32 bytes. Required
         * when the pipeline has such fields; keep it in a secret, never in the pipeline file.
         */
        Optional<String> key();
    }

    interface S3 {
        /** The bucket that holds raw segments and checkpoints. */
        @WithDefault("tandem")
        String bucket();
    }

    interface Microbatch {
        /** Also emit PROVISIONAL results for open windows each batch changed. */
        @WithDefault("false")
        boolean provisional();

        /** Checkpoints kept per partition; older ones are pruned. */
        @WithDefault("3")
        int checkpointsKept();

        /**
         * Incremental checkpoints (what one batch changed) between full ones: restores read the
         * newest full checkpoint and at most this many deltas.
         */
        @WithDefault("50")
        int deltasPerFull();

        /** How long to wait for Kafka to acknowledge a batch's results and dead letters. */
        @WithDefault("30s")
        Duration emitTimeout();

        /** How often idle partitions are checked for windows to close. */
        @WithDefault("2s")
        Duration idleCheckInterval();

        /** Pause between retries of a failed batch (S3 or Kafka unreachable); doubles up to 30 s. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }

    interface Lineage {
        /** An OpenLineage HTTP endpoint (e.g. Marquez); takes precedence over {@link #file()}. */
        Optional<URI> url();

        /** A file to append OpenLineage events to. */
        Optional<Path> file();

        /** Send one RUNNING event per this many micro-batches. */
        @WithDefault("10")
        int everyBatches();
    }
}
