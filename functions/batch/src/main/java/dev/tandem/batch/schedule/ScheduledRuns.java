package dev.tandem.batch.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.batch.config.BatchConfig;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.batch.run.BatchRuns;
import dev.tandem.engine.batch.run.RunStatus;
import io.quarkus.scheduler.Scheduled;

/**
 * Recompute + reconcile on a schedule ({@code tandem.batch.schedule.cron}, off by default): each
 * time over the {@code lookback} before the last full hour, so late data that has landed since is
 * corrected; backfills of the cuts the live path left ({@code tandem.batch.schedule.backfill-cron},
 * every five minutes); and retention ({@code tandem.batch.schedule.retention-cron}, off by default). In
 * Knative the same is done by PingSources calling the HTTP functions (see infra/deploy).
 */
@ApplicationScoped
public class ScheduledRuns {

    private static final Logger LOG = Logger.getLogger(ScheduledRuns.class);

    private final BatchRuns runs;
    private final BatchConfig config;
    private final Clock clock = Clock.systemUTC();

    ScheduledRuns(BatchRuns runs, BatchConfig config) {
        this.runs = runs;
        this.config = config;
    }

    @Scheduled(identity = "tandem-reconcile", cron = "${tandem.batch.schedule.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS);
        TimeRange range = new TimeRange(to.minus(config.batch().schedule().lookback()), to);
        RunStatus status = runs.reconcile(range, "schedule", false);
        LOG.infof("Scheduled reconcile %s of %s: %s %s", status.runId(), range, status.state(),
                status.result() == null ? status.error()
                        : dev.tandem.shared.record.Json.mapper().valueToTree(status.result()).path("reconciliation"));
    }

    /** Backfills the cuts the live path left, if any: with none, no run is started (and none recorded). */
    @Scheduled(identity = "tandem-backfill", cron = "${tandem.batch.schedule.backfill-cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void backfill() {
        if (!runs.canBackfill() || runs.pendingBackfills().isEmpty()) {
            return;
        }
        RunStatus status = runs.backfill("schedule", false);
        LOG.infof("Scheduled backfill %s: %s %s", status.runId(), status.state(),
                status.result() == null ? status.error()
                        : dev.tandem.shared.record.Json.mapper().valueToTree(status.result()));
    }

    @Scheduled(identity = "tandem-retention", cron = "${tandem.batch.schedule.retention-cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        RunStatus status = runs.retention("schedule");
        LOG.infof("Scheduled retention %s: %s %s", status.runId(), status.state(),
                status.result() == null ? status.error()
                        : dev.tandem.shared.record.Json.mapper().valueToTree(status.result()));
    }
}
