package dev.tandem.microbatch.pull;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;

import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.microbatch.observability.MicrometerMetrics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Periodic work that no record triggers: closing the windows of idle partitions, and measuring
 * each owned partition's lag on the consumer's polling thread.
 */
@ApplicationScoped
public class IdleWindows {

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
        processor.advanceIdlePartitions();
        measureLag();
    }

    private void measureLag() {
        var consumer = kafka.getConsumer(SourceConsumer.CHANNEL);
        if (consumer == null) {
            return;
        }
        Map<Integer, Long> next = processor.nextOffsets();
        consumer.runOnPollingThread(c -> {
            Map<Integer, Long> ends = new HashMap<>();
            for (TopicPartition tp : c.assignment()) {
                OptionalLong lag = c.currentLag(tp);
                if (lag.isPresent()) {
                    ends.put(tp.partition(), c.position(tp) + lag.getAsLong());
                }
            }
            return ends;
        }).subscribe().with(ends -> ends.forEach((p, end) -> {
            Long n = next.get(p);
            if (n != null) {
                metrics.lag(p, Math.max(0, end - n));
            }
        }), failure -> { });
    }
}
