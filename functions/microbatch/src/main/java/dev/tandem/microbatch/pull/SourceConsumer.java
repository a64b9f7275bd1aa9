package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.engine.failure.Attempts;
import dev.tandem.engine.failure.FailureStrategy;
import dev.tandem.engine.failure.Where;
import dev.tandem.engine.microbatch.Boundary;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.microbatch.observability.FailureReporting;
import dev.tandem.microbatch.observability.ProcessingHealth;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Receives batches from the source topic, processes each partition's records (partitions in
 * parallel, one core each), and acknowledges the batch once every partition's checkpoint is
 * durable. A failing batch is retried with backoff (doubling, at most 30 s) until it succeeds or
 * its partition is taken away, each failure logged and counted; readiness is DOWN meanwhile,
 * liveness stays UP. A batch that starts after the partition's checkpoint makes the consumer seek back.
 */
@ApplicationScoped
public class SourceConsumer {

    static final String CHANNEL = "source";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final MicroBatchProcessor processor;
    private final ProcessingHealth health;
    private final FaultInjector faults;
    private final KafkaClientService kafka;
    private final Attempts attempts;
    private final ExecutorService partitionsInParallel = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "tandem-partition-worker");
                t.setDaemon(true);
                return t;
            });

    SourceConsumer(MicroBatchProcessor processor, ProcessingHealth health, FaultInjector faults,
            KafkaClientService kafka, TandemConfig config, FailureReporting failures) {
        this.processor = processor;
        this.health = health;
        this.faults = faults;
        this.kafka = kafka;
        // A batch is retried until it goes through or its partition is taken away: skipping it would
        // lose records. Each failed attempt is logged and counted, and readiness is DOWN meanwhile.
        this.attempts = new Attempts(FailureStrategy.retryWithBackoff(config.microbatch().retryBackoff(),
                MAX_BACKOFF).seekOnGap(), failures, Attempts.Sleeper.THREAD);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<byte[], byte[]> batch) {
        Map<Integer, List<RawRecord>> byPartition = new TreeMap<>();
        for (KafkaRecord<byte[], byte[]> r : batch) {
            byPartition.computeIfAbsent(r.getPartition(), p -> new ArrayList<>()).add(raw(r));
        }
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (Map.Entry<Integer, List<RawRecord>> e : byPartition.entrySet()) {
            if (byPartition.size() == 1) {
                processWithRetries(e.getKey(), e.getValue());
            } else {
                work.add(CompletableFuture.runAsync(() -> processWithRetries(e.getKey(), e.getValue()),
                        partitionsInParallel));
            }
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        byPartition.keySet().forEach(p -> faults.reached(Boundary.BEFORE_COMMIT, p));
        return batch.ack();
    }

    private void processWithRetries(int partition, List<RawRecord> records) {
        Where where = new Where(processor.definition().name(), "batch", processor.topic(), partition,
                records.get(0).source().offset());
        // Revoked while queued or retrying: the new owner processes these records.
        Attempts.Outcome<BatchOutcome> outcome = attempts.run(where, () -> processor.owns(partition),
                () -> processor.process(partition, records));
        if (outcome instanceof Attempts.Outcome.SeekTo<BatchOutcome> seek) {
            seek(partition, seek.offset());
        } else if (outcome instanceof Attempts.Outcome.Done) {
            health.succeeded();
        }
    }

    private void seek(int partition, long offset) {
        TopicPartition tp = new TopicPartition(processor.topic(), partition);
        kafka.getConsumer(CHANNEL).runOnPollingThread(c -> {
            if (c.assignment().contains(tp)) {
                c.seek(tp, offset);
            }
        }).await().atMost(Duration.ofSeconds(30));
    }

    static RawRecord raw(KafkaRecord<byte[], byte[]> r) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header h : r.getHeaders()) {
            headers.add(new RecordHeader(h.key(), h.value()));
        }
        long offset = r.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getOffset();
        return new RawRecord(new SourceCoordinates(r.getTopic(), r.getPartition(), offset),
                r.getTimestamp().toEpochMilli(), r.getKey(), r.getPayload(), headers);
    }

    @PreDestroy
    void stop() {
        partitionsInParallel.shutdownNow();
    }
}
