package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.function.io.KafkaRecords;
import dev.tandem.engine.failure.Attempts;
import dev.tandem.engine.failure.FailureStrategy;
import dev.tandem.engine.failure.Where;
import dev.tandem.engine.microbatch.Boundary;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.engine.pacing.BatchAssembler;
import dev.tandem.engine.pacing.FormedBatch;
import dev.tandem.microbatch.observability.FailureReporting;
import dev.tandem.microbatch.observability.ProcessingHealth;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.storage.BackfillCut;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;

/**
 * Receives polls from the source topic and hands their records to the {@link BatchAssembler}, which
 * holds each partition's records until its pacing makes a micro-batch of them; ready batches run
 * at once (partitions in parallel, one core each), and a timer runs those whose wait ran out. A poll
 * is acknowledged once all its records are checkpointed. A failing batch is retried with backoff
 * (doubling, at most 30 s) until it succeeds or its partition is taken away, each failure logged
 * and counted; readiness is DOWN meanwhile, liveness stays UP. A batch that starts after the
 * partition's checkpoint makes the consumer seek back, and what the assembler held is read again.
 * A batch whose oldest record is older than {@code freshness.backfillAfter} is not run: the backlog
 * becomes a backfill cut and the consumer seeks to the partition's end ({@link #cutBacklog}).
 */
@ApplicationScoped
public class SourceConsumer {

    static final String CHANNEL = "source";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How often the timer looks for batches whose wait ran out: a small share of any sensible wait. */
    private static final long TIMER_MS = 20;
    private static final Logger LOG = Logger.getLogger(SourceConsumer.class);

    private final MicroBatchProcessor processor;
    private final BatchAssembler assembler;
    private final ProcessingHealth health;
    private final FaultInjector faults;
    private final KafkaClientService kafka;
    private final Attempts attempts;
    private final PendingAcks acks = new PendingAcks();
    private final ExecutorService partitionsInParallel = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), daemon("tandem-partition-worker"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("tandem-pacing-timer"));

    SourceConsumer(MicroBatchProcessor processor, BatchAssembler assembler, ProcessingHealth health,
            FaultInjector faults, KafkaClientService kafka, TandemConfig config, FailureReporting failures) {
        this.processor = processor;
        this.assembler = assembler;
        this.health = health;
        this.faults = faults;
        this.kafka = kafka;
        // A batch is retried until it goes through or its partition is taken away: skipping it would
        // lose records. Each failed attempt is logged and counted, and readiness is DOWN meanwhile.
        this.attempts = new Attempts(FailureStrategy.retryWithBackoff(config.microbatch().retryBackoff(),
                MAX_BACKOFF).seekOnGap(), failures, Attempts.Sleeper.THREAD);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @PostConstruct
    void startTimer() {
        timer.scheduleWithFixedDelay(this::runDue, TIMER_MS, TIMER_MS, TimeUnit.MILLISECONDS);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<byte[], byte[]> batch) {
        // The poll's records as the Kafka client gave them: no lookups in each record's message metadata.
        ConsumerRecords<byte[], byte[]> polled = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow()
                .getRecords();
        Map<Integer, List<RawRecord>> byPartition = new TreeMap<>();
        for (TopicPartition tp : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(tp);
            if (records.isEmpty()) {
                continue;
            }
            List<RawRecord> raws = new ArrayList<>(records.size());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                raws.add(KafkaRecords.raw(r));
            }
            byPartition.put(tp.partition(), raws);
        }
        Map<Integer, Long> lastOffsets = new TreeMap<>();
        byPartition.forEach((p, records) -> lastOffsets.put(p, records.get(records.size() - 1).source().offset()));
        acks.add(batch, lastOffsets);
        byPartition.forEach(assembler::add);
        runReady(byPartition.keySet(), false);
        acks.ackProcessed(processor.nextOffsets());
        return CompletableFuture.completedFuture(null);
    }

    /** The timer's turn: batches whose wait ran out, unless their partition is running already. */
    void runDue() {
        try {
            List<Integer> due = assembler.due();
            if (!due.isEmpty()) {
                runReady(due, true);
                acks.ackProcessed(processor.nextOffsets());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Pipeline %s: running due micro-batches failed; the next poll or tick tries again",
                    processor.definition().name());
        }
    }

    private void runReady(Collection<Integer> partitions, boolean skipIfBusy) {
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int partition : partitions) {
            Runnable drain = () -> {
                if (assembler.drain(partition, this::run, skipIfBusy) > 0) {
                    faults.reached(Boundary.BEFORE_COMMIT, partition);
                }
            };
            if (partitions.size() == 1) {
                drain.run();
            } else {
                work.add(CompletableFuture.runAsync(drain, partitionsInParallel));
            }
        }
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    }

    private Optional<BatchAssembler.Ran> run(FormedBatch batch) {
        int partition = batch.partition();
        List<RawRecord> records = batch.records();
        Where where = new Where(processor.definition().name(), "batch", processor.topic(), partition,
                records.get(0).source().offset());
        if (processor.pastBackfillThreshold(records.get(0).timestampMs())
                && records.get(0).source().offset() >= processor.nextOffsets().getOrDefault(partition, 0L)
                && cutBacklog(partition, records.get(0))) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        // Revoked while queued or retrying: the new owner processes these records.
        Attempts.Outcome<BatchOutcome> outcome = attempts.run(where, () -> processor.owns(partition),
                () -> processor.process(partition, records));
        if (outcome instanceof Attempts.Outcome.SeekTo<BatchOutcome> seek) {
            assembler.clear(partition);
            seek(partition, seek.offset());
            return Optional.empty();
        }
        if (outcome instanceof Attempts.Outcome.Done<BatchOutcome> done) {
            health.succeeded();
            return Optional.of(new BatchAssembler.Ran(System.nanoTime() - started, done.value().checkpointNanos(),
                    processor.unread(partition)));
        }
        return Optional.empty();
    }
    /**
     * Asks the broker for the partitions' end offsets now (the consumer's own view, position plus lag,
     * trails while it works through a backlog, and a cut ending there would leave part of the backlog
     * to cut again) and lets the processor cut the partition's backlog; on a cut, forgets what the
     * assembler holds and seeks to the cut's end. A failure to cut is logged and the batch runs:
     * catching up is always correct.
     */
    private boolean cutBacklog(int partition, RawRecord oldest) {
        try {
            Map<Integer, Long> ends = kafka.getConsumer(CHANNEL).runOnPollingThread(c -> {
                Map<Integer, Long> out = new TreeMap<>();
                c.endOffsets(c.assignment(), Duration.ofSeconds(5)).forEach((tp, end) -> out.put(tp.partition(), end));
                return out;
            }).await().atMost(Duration.ofSeconds(10));
            processor.observeEndOffsets(ends);
            Optional<BackfillCut> cut = processor.cutIfBehind(partition, oldest);
            if (cut.isEmpty()) {
                return false;
            }
            assembler.clear(partition);
            seek(partition, cut.get().toOffset());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Pipeline %s: could not cut the backlog of %s-%d (%s); catching up instead",
                    processor.definition().name(), processor.topic(), partition, e.getMessage());
            return false;
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

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        partitionsInParallel.shutdownNow();
    }
}
