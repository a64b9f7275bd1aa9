package dev.tandem.batch.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.batch.config.BatchConfig;
import dev.tandem.batch.core.TimeRange;
import dev.tandem.batch.runs.BatchRuns;
import dev.tandem.batch.runs.RunStatus;
import io.quarkus.scheduler.Scheduled;

/**
 * Recompute + reconcile on a schedule ({@code tandem.batch.schedule.cron}, off by default): each
 * time over the {@code lookback} before the last full hour, so late data that has landed since is
 * corrected. In Knative the same is done by a PingSource calling {@code /reconcile} (infra/deploy).
 */
@ApplicationScoped
public class ScheduledReconcile {

    private static final Logger LOG = Logger.getLogger(ScheduledReconcile.class);

    private final BatchRuns runs;
    private final BatchConfig config;
    private final Clock clock = Clock.systemUTC();

    ScheduledReconcile(BatchRuns runs, BatchConfig config) {
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
                status.result() == null ? status.error() : status.result().path("reconciliation"));
    }
}
