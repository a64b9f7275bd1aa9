package dev.tandem.microbatch.drain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tandem.engine.drain.DrainRun;
import dev.tandem.engine.drain.DrainSummary;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.function.io.ConsumerGroupOwners;
import dev.tandem.function.io.KafkaPartitionLog;
import io.smallrye.common.annotation.Identifier;

/**
 * Runs drains: one at a time in this instance, never while a member of the pipeline's consumer
 * group owns partitions of its topic (this instance's pull consumer or another one's), since two
 * owners of a partition would interleave their checkpoints.
 */
@ApplicationScoped
public class Drains {

    private static final Logger LOG = Logger.getLogger(Drains.class);

    private final MicroBatchProcessor processor;
    private final Map<String, Object> kafka;
    private final String groupId;
    private final AtomicBoolean running = new AtomicBoolean();

    Drains(MicroBatchProcessor processor, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming.source.group.id") String groupId) {
        this.processor = processor;
        this.kafka = kafka;
        this.groupId = groupId;
    }

    /**
     * Drains every partition to its end offset now.
     *
     * @throws DrainConflictException if a drain runs here already or a live consumer owns partitions
     */
    public DrainSummary drain() {
        if (!running.compareAndSet(false, true)) {
            throw new DrainConflictException("A drain of pipeline " + processor.definition().name()
                    + " is running in this instance; wait for it to finish");
        }
        try {
            refuseIfOwned();
            int batchRecords = processor.definition().freshness().pacing().maxRecords();
            try (KafkaPartitionLog log = new KafkaPartitionLog(kafka, processor.topic(), groupId, batchRecords)) {
                LOG.infof("Draining pipeline %s (topic %s) in batches of up to %,d records", processor.definition()
                        .name(), processor.topic(), batchRecords);
                DrainSummary summary = new DrainRun(processor, log, batchRecords, Clock.systemUTC()).run(
                        (partition, next, end) -> LOG.debugf("Draining %s-%d at %d of %d", processor.topic(), partition,
                                next, end));
                Map<Integer, Long> ends = new TreeMap<>();
                summary.partitions().forEach(p -> ends.put(p.partition(), p.toOffset()));
                log.commit(ends);
                LOG.infof("Drained pipeline %s: %,d records in %,d batches, %,d windows FINAL, %d ms", summary.pipeline(),
                        summary.records(), summary.batches(), summary.windows(), summary.durationMs());
                return summary;
            }
        } finally {
            running.set(false);
        }
    }

    private void refuseIfOwned() {
        List<Integer> ownedHere = new ArrayList<>(processor.nextOffsets().keySet());
        if (!ownedHere.isEmpty()) {
            throw new DrainConflictException("This instance's live consumer owns partitions " + ownedHere + " of "
                    + processor.topic() + "; a drain runs only where no consumer of group " + groupId
                    + " is live (set MP_MESSAGING_INCOMING_SOURCE_ENABLED=false for drain-only instances)");
        }
        List<String> owners = ConsumerGroupOwners.of(kafka, groupId, processor.topic());
        if (!owners.isEmpty()) {
            throw new DrainConflictException("Live consumers of group " + groupId + " own partitions of "
                    + processor.topic() + ": " + String.join("; ", owners)
                    + "; stop them (or let them scale to zero) before draining");
        }
    }
}
