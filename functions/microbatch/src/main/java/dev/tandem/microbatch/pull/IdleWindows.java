package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.microbatch.observability.MicrometerMetrics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Periodic work that no record triggers: closing the windows of idle partitions, and measuring
 * each owned partition's lag. Both start from the end offsets the consumer sees (its position plus
 * its lag), read on its polling thread: only a partition with nothing to read can be idle, so when
 * they cannot be read no window is closed this time.
 */
@ApplicationScoped
public class IdleWindows {

    private static final Logger LOG = Logger.getLogger(IdleWindows.class);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

    private final MicroBatchProcessor processor;
    private final MicrometerMetrics metrics;
    private final KafkaClientService kafka;

    IdleWindows(MicroBatchProcessor processor, MicrometerMetrics metrics, KafkaClientService kafka) {
        this.processor = processor;
        this.metrics = metrics;
        this.kafka = kafka;
    }

    @Scheduled(every = "${tandem.microbatch.idle-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${tandem.microbatch.idle-check-interval}")
    void closeIdleWindows() {
        var consumer = kafka.getConsumer(SourceConsumer.CHANNEL);
        if (consumer == null) {
            // No pull consumer (records are pushed): no end offsets, the time since the last batch decides.
            processor.advanceIdlePartitions();
            return;
        }
        Map<Integer, Long> ends;
        try {
            ends = consumer.runOnPollingThread(IdleWindows::endOffsets).await().atMost(END_OFFSETS_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("End offsets of %s not available (%s); no idle windows closed this time", processor.topic(),
                    e.getMessage());
            return;
        }
        processor.observeEndOffsets(ends);
        processor.advanceIdlePartitions();
        Map<Integer, Long> next = processor.nextOffsets();
        ends.forEach((p, end) -> {
            Long n = next.get(p);
            if (n != null && end != Long.MAX_VALUE) {
                metrics.lag(p, Math.max(0, end - n));
            }
        });
    }

    /** Partition → end offset as the consumer sees it; {@link Long#MAX_VALUE} where it cannot tell yet. */
    private static Map<Integer, Long> endOffsets(Consumer<?, ?> c) {
        Map<Integer, Long> ends = new HashMap<>();
        for (TopicPartition tp : c.assignment()) {
            long end = Long.MAX_VALUE;
            try {
                OptionalLong lag = c.currentLag(tp);
                if (lag.isPresent()) {
                    end = c.position(tp, Duration.ZERO) + lag.getAsLong();
                }
            } catch (RuntimeException e) {
                // No position yet (a seek or reset pending): not known to be at its end.
            }
            ends.put(tp.partition(), end);
        }
        return ends;
    }
}
