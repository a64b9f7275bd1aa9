package dev.tandem.microbatch.observability;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.engine.pacing.BatchAssembler;
import dev.tandem.engine.pacing.PacingChange;
import dev.tandem.engine.pacing.PacingReason;
import dev.tandem.shared.definition.PipelineDefinition;

/**
 * Reports every change of a partition's pacing targets: as metrics (current targets, changes by
 * reason), and a log line when a partition starts or stops catching up a backlog.
 */
@ApplicationScoped
public class PacingReporting implements BatchAssembler.Listener {

    private static final Logger LOG = Logger.getLogger(PacingReporting.class);

    private final MicrometerMetrics metrics;
    private final PipelineDefinition definition;

    PacingReporting(MicrometerMetrics metrics, PipelineDefinition definition) {
        this.metrics = metrics;
        this.definition = definition;
    }

    @Override
    public void changed(int partition, PacingChange change) {
        metrics.pacing(partition, change);
        if (change.reason() == PacingReason.CATCH_UP || change.reason() == PacingReason.CAUGHT_UP) {
            LOG.infof("Pipeline %s, %s-%d: %s, batches of up to %d records, waiting %d ms", definition.name(),
                    definition.source().topic(), partition,
                    change.reason() == PacingReason.CATCH_UP ? "catching up a backlog" : "caught up",
                    change.targets().records(), change.targets().waitTime().toMillis());
        } else {
            LOG.debugf("Pipeline %s, %s-%d: pacing %s → %s", definition.name(), definition.source().topic(), partition,
                    change.reason().label(), change.targets());
        }
    }
}
