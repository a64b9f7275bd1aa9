package dev.tandem.microbatch.config;

import java.time.Duration;

import dev.tandem.function.config.LineageTarget;
import dev.tandem.function.config.MaskingKey;
import dev.tandem.function.config.ObjectStorage;
import dev.tandem.function.config.PipelineSource;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the micro-batch function. */
@ConfigMapping(prefix = "tandem")
public interface TandemConfig {

    /** Which pipeline this function runs. */
    PipelineSource pipeline();

    /** Keys for masking PII. */
    MaskingKey masking();

    /** Object storage. */
    ObjectStorage s3();

    /** Micro-batch behaviour. */
    Microbatch microbatch();

    /** Where OpenLineage events go. */
    Lineage lineage();

    /** The drain rhythm. */
    Drain drain();

    interface Drain {
        /** From this freshness latency on, the pipeline drains on a schedule instead of running continuously. */
        @WithDefault("5m")
        Duration from();

        /** In the drain rhythm, drain on the function's own schedule (every half latency) while it runs. */
        @WithDefault("true")
        boolean scheduled();
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

    interface Lineage extends LineageTarget {
        /** Send one RUNNING event per this many micro-batches. */
        @WithDefault("10")
        int everyBatches();
    }
}
