package dev.tandem.batch.config;

import java.time.Duration;

import dev.tandem.function.config.LineageTarget;
import dev.tandem.function.config.MaskingKey;
import dev.tandem.function.config.ObjectStorage;
import dev.tandem.function.config.PipelineSource;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the batch function. */
@ConfigMapping(prefix = "tandem")
public interface BatchConfig {

    /** Which pipeline this function serves. */
    PipelineSource pipeline();

    /** Accepted so one configuration file serves both functions; batch runs read masked data only. */
    MaskingKey masking();

    /** Object storage. */
    ObjectStorage s3();

    /** Batch runs. */
    Batch batch();

    /** Where OpenLineage events go. */
    LineageTarget lineage();

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

        /**
         * How long a backfill waits for the live path's watermark to pass the windows its cuts touch
         * (their FINAL results must be out before they are corrected); a backfill that waits longer
         * fails and can be resumed.
         */
        @WithDefault("2m")
        Duration backfillLiveWait();

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

        /**
         * A cron expression for backfills of the cuts the live path left, every five minutes by
         * default (a call with nothing to backfill lists one prefix and starts no run), or {@code off}.
         */
        @WithDefault("0 */5 * * * ?")
        String backfillCron();

        /** A cron expression for retention (e.g. {@code 0 30 3 * * ?}, daily at 03:30), or {@code off}, the default. */
        @WithDefault("off")
        String retentionCron();
    }

}
