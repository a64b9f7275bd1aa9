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
import org.jboss.logging.Logger;

import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.engine.microbatch.Boundary;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.OffsetGapException;
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
 * durable. A failing batch is retried with backoff until it succeeds or its partition is taken
 * away; readiness is DOWN meanwhile, liveness stays UP.
 */
@ApplicationScoped
public class SourceConsumer {

    private static final Logger LOG = Logger.getLogger(SourceConsumer.class);
    static final String CHANNEL = "source";

    private final MicroBatchProcessor processor;
    private final ProcessingHealth health;
    private final FaultInjector faults;
    private final KafkaClientService kafka;
    private final Duration initialBackoff;
    private final ExecutorService partitionsInParallel = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "tandem-partition-worker");
                t.setDaemon(true);
                return t;
            });

    SourceConsumer(MicroBatchProcessor processor, ProcessingHealth health, FaultInjector faults,
            KafkaClientService kafka, TandemConfig config) {
        this.processor = processor;
        this.health = health;
        this.faults = faults;
        this.kafka = kafka;
        this.initialBackoff = config.microbatch().retryBackoff();
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
        Duration backoff = initialBackoff;
        while (true) {
            if (!processor.owns(partition)) {
                // Revoked while queued: the new owner processes these records.
                return;
            }
            try {
                processor.process(partition, records);
                health.succeeded();
                return;
            } catch (OffsetGapException gap) {
                LOG.warn(gap.getMessage());
                seek(partition, gap.expectedOffset());
                return;
            } catch (RuntimeException e) {
                health.failed(e);
                LOG.warnf("Batch of %s-%d (%d records) failed: %s; retrying in %s", processor.topic(), partition,
                        records.size(), e.getMessage(), backoff);
                PartitionOwnership.sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
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
