package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.microbatch.observability.ProcessingHealth;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * On assignment, restores each partition's latest checkpoint and seeks the consumer to its next
 * offset (to the beginning when there is none); on revocation, lets the partitions go once a
 * batch in progress is done. Kafka's committed offsets are never the source of truth here —
 * checkpoints are, because they hold the state that goes with the offset.
 */
@ApplicationScoped
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {

    public static final String NAME = "tandem-partition-ownership";
    private static final Logger LOG = Logger.getLogger(PartitionOwnership.class);
    private static final int RESTORE_ATTEMPTS = 8;

    private final MicroBatchProcessor processor;
    private final ProcessingHealth health;

    PartitionOwnership(MicroBatchProcessor processor, ProcessingHealth health) {
        this.processor = processor;
        this.health = health;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        health.restoring(true);
        try {
            for (TopicPartition tp : partitions) {
                OptionalLong next = restoreWithRetries(tp.partition());
                if (next.isPresent()) {
                    consumer.seek(tp, next.getAsLong());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
                LOG.infof("Assigned %s, reading from %s", tp, next.isPresent() ? next.getAsLong() : "the beginning");
            }
        } finally {
            health.restoring(false);
        }
    }

    private OptionalLong restoreWithRetries(int partition) {
        Duration backoff = Duration.ofMillis(200);
        for (int attempt = 1;; attempt++) {
            try {
                OptionalLong next = processor.assign(partition);
                health.succeeded();
                return next;
            } catch (RuntimeException e) {
                health.failed(e);
                if (attempt >= RESTORE_ATTEMPTS) {
                    throw new IllegalStateException("Could not restore " + processor.topic() + "-" + partition
                            + " after " + attempt + " attempts: " + e.getMessage(), e);
                }
                LOG.warnf("Restoring %s-%d failed (%s); retrying in %s", processor.topic(), partition, e.getMessage(),
                        backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> processor.revoke(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
