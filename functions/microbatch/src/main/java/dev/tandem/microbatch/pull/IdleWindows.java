package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.function.source.KafkaSource;
import dev.tandem.microbatch.observability.MicrometerMetrics;
import io.quarkus.scheduler.Scheduled;

/**
 * Periodic work that no record triggers: closing the windows of idle partitions, and measuring
 * each owned partition's lag. Both start from the partitions' end offsets, asked of the broker on
 * the consumer's polling thread: only a partition with nothing to read can be idle, so when they
 * cannot be read no window is closed this time. Not the consumer's position plus its lag: while
 * fetching is paused (polls queued behind a batch that retries through an S3 outage) that lag is
 * as old as the last fetch, and a partition with records waiting looked idle and had its windows
 * closed early (the fault suite's full-disk case found it).
 */
@ApplicationScoped
public class IdleWindows {

    private static final Logger LOG = Logger.getLogger(IdleWindows.class);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

    private final MicroBatchProcessor processor;
    private final MicrometerMetrics metrics;
    private final KafkaSource poller;

    IdleWindows(MicroBatchProcessor processor, MicrometerMetrics metrics, KafkaSource poller) {
        this.processor = processor;
        this.metrics = metrics;
        this.poller = poller;
    }

    @Scheduled(every = "${tandem.microbatch.idle-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${tandem.microbatch.idle-check-interval}")
    void closeIdleWindows() {
        Optional<Map<Integer, Long>> ends;
        try {
            ends = poller.endOffsets(END_OFFSETS_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("End offsets of %s not available (%s); no idle windows closed this time", processor.topic(),
                    e.getMessage());
            return;
        }
        if (ends.isEmpty()) {
            // No pull consumer (records are pushed): no end offsets, the time since the last batch decides.
            processor.advanceIdlePartitions();
            return;
        }
        processor.observeEndOffsets(ends.get());
        processor.advanceIdlePartitions();
        Map<Integer, Long> next = processor.nextOffsets();
        ends.get().forEach((p, end) -> {
            Long n = next.get(p);
            if (n != null && end != Long.MAX_VALUE) {
                metrics.lag(p, Math.max(0, end - n));
            }
        });
    }
}
