package dev.tandem.microbatch.drain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tandem.engine.drain.Rhythm;
import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.shared.definition.PipelineDefinition;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;

/**
 * The rhythm the pipeline's freshness latency picks, said once at start-up and by {@code /info}.
 * In the drain rhythm the function drains on its own schedule while it runs (unless
 * {@code tandem.drain.scheduled=false}, where a CronJob or KEDA calls {@code POST /drain}); the pull
 * consumer is then expected to be off ({@code MP_MESSAGING_INCOMING_SOURCE_ENABLED=false}, as the
 * drain manifests set it) — if it is on, it owns the partitions and scheduled drains answer 409.
 */
@ApplicationScoped
public class RhythmChoice {

    private static final Logger LOG = Logger.getLogger(RhythmChoice.class);

    private final Rhythm rhythm;
    private final TandemConfig config;
    private final PipelineDefinition definition;
    private final boolean pullEnabled;

    RhythmChoice(PipelineDefinition definition, TandemConfig config,
            @ConfigProperty(name = "mp.messaging.incoming.source.enabled", defaultValue = "true") boolean pullEnabled) {
        this.definition = definition;
        this.config = config;
        this.pullEnabled = pullEnabled;
        this.rhythm = Rhythm.of(definition.freshness(), config.drain().from());
    }

    public Rhythm rhythm() {
        return rhythm;
    }

    void onStart(@Observes StartupEvent start, Scheduler scheduler, Drains drains) {
        LOG.infof("Pipeline %s: %s", definition.name(), rhythm.reason());
        if (rhythm.mode() != Rhythm.Mode.DRAIN) {
            return;
        }
        if (pullEnabled) {
            LOG.warnf("Pipeline %s is in the drain rhythm but the pull consumer is enabled: it runs continuously and"
                    + " drains answer 409; set MP_MESSAGING_INCOMING_SOURCE_ENABLED=false", definition.name());
        }
        if (config.drain().scheduled()) {
            scheduler.newJob("tandem-drain-" + definition.name()).setInterval(rhythm.every().toSeconds() + "s")
                    .setConcurrentExecution(io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> {
                        try {
                            drains.drain();
                        } catch (DrainConflictException e) {
                            LOG.warnf("Scheduled drain of %s skipped: %s", definition.name(), e.getMessage());
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "Scheduled drain of %s failed; the next one continues from the checkpoints",
                                    definition.name());
                        }
                    }).schedule();
        }
    }
}
