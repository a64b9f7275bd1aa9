package dev.tandem.batch.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the batch function. */
@ConfigMapping(prefix = "tandem")
public interface BatchConfig {

    /** Which pipeline this function serves. */
    Pipeline pipeline();

    /** Accepted so one configuration file serves both functions; batch runs read masked data only. */
    Masking masking();

    /** Object storage. */
    S3 s3();

    /** Batch runs. */
    Batch batch();

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
        /** The micro-batch function's HMAC key; not used here. */
        Optional<String> key();
    }

    interface S3 {
        /** The bucket that holds raw segments, manifests, results, reports and the audit log. */
        @WithDefault("tandem")
        String bucket();
    }

    interface Batch {
        /**
         * The longest range one request may cover. A run holds every (window, group) of its range in
         * memory, so this bounds a run's memory; split longer ranges.
         */
        @WithDefault("P7D")
        Duration maxRange();

        /** How long reconcile waits for the results topic to be read to its end. */
        @WithDefault("60s")
        Duration resultsReadTimeout();

        /** How long to wait for Kafka to acknowledge corrections. */
        @WithDefault("30s")
        Duration emitTimeout();

        /** Runs executing at once (async and scheduled ones); more wait their turn. */
        @WithDefault("2")
        int concurrentRuns();

        /** The schedule for recompute + reconcile. */
        Schedule schedule();
    }

    interface Schedule {
        /**
         * A Quartz-style cron expression (e.g. {@code 0 5 * * * ?}, five past every hour), or
         * {@code off}, the default.
         */
        @WithDefault("off")
        String cron();

        /** Each scheduled run recomputes and reconciles this much time before the last full hour. */
        @WithDefault("PT1H")
        Duration lookback();

        /** A cron expression for retention (e.g. {@code 0 30 3 * * ?}, daily at 03:30), or {@code off}, the default. */
        @WithDefault("off")
        String retentionCron();
    }

    interface Lineage {
        /** An OpenLineage HTTP endpoint (e.g. Marquez); takes precedence over {@link #file()}. */
        Optional<URI> url();

        /** A file to append OpenLineage events to. */
        Optional<Path> file();
    }
}
