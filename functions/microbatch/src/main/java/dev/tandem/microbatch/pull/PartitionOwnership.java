package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.tandem.engine.failure.Attempts;
import dev.tandem.function.source.KafkaSource;
import dev.tandem.engine.failure.FailureStrategy;
import dev.tandem.engine.failure.Where;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.pacing.BatchAssembler;
import dev.tandem.microbatch.observability.FailureReporting;
import dev.tandem.microbatch.observability.ProcessingHealth;

/**
 * On assignment, restores each partition's latest checkpoint and seeks the consumer to its next
 * offset (to the beginning when there is none); on revocation, lets the partitions go once a
 * batch in progress is done. Kafka's committed offsets are never the source of truth here —
 * checkpoints are, because they hold the state that goes with the offset. The {@link KafkaSource}
 * calls these on its polling thread, from inside the consumer's poll.
 */
@ApplicationScoped
public class PartitionOwnership implements KafkaSource.Ownership {

    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);
    private static final int RESTORE_ATTEMPTS = 8;

    private final MicroBatchProcessor processor;
    private final BatchAssembler assembler;
    private final ProcessingHealth health;
    /** S3 may blink: a few retries, then the rebalance fails loudly rather than reading from the wrong offset. */
    private final Attempts attempts;

    PartitionOwnership(MicroBatchProcessor processor, BatchAssembler assembler, ProcessingHealth health,
            FailureReporting failures) {
        this.processor = processor;
        this.assembler = assembler;
        this.health = health;
        this.attempts = new Attempts(FailureStrategy.retryWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .failAfter(RESTORE_ATTEMPTS), failures, Attempts.Sleeper.THREAD);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        health.restoring(true);
        try {
            for (TopicPartition tp : partitions) {
                assembler.clear(tp.partition());
                OptionalLong next = restoreWithRetries(tp.partition());
                if (next.isPresent()) {
                    consumer.seek(tp, next.getAsLong());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
                LOG.infof("Assigned %s, reading from %s", tp, next.isPresent() ? next.getAsLong() : "the beginning");
            }
            health.assigned();
        } finally {
            health.restoring(false);
        }
    }

    private OptionalLong restoreWithRetries(int partition) {
        Where where = new Where(processor.definition().name(), "restore", processor.topic(), partition, -1);
        OptionalLong next = ((Attempts.Outcome.Done<OptionalLong>) attempts.run(where, () -> true,
                () -> processor.assign(partition))).value();
        health.succeeded();
        return next;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // What the assembler holds is before nothing durable: the next owner reads it again.
        partitions.forEach(tp -> {
            assembler.forget(tp.partition());
            processor.revoke(tp.partition());
        });
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }
}
