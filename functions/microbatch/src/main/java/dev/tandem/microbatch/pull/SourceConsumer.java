package dev.tandem.microbatch.pull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.engine.failure.Attempts;
import dev.tandem.engine.failure.FailureStrategy;
import dev.tandem.engine.failure.Where;
import dev.tandem.engine.microbatch.Boundary;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.engine.pacing.BatchAssembler;
import dev.tandem.engine.pacing.FormedBatch;
import dev.tandem.engine.pacing.PartitionDrains;
import dev.tandem.function.source.KafkaSource;
import dev.tandem.microbatch.observability.FailureReporting;
import dev.tandem.microbatch.observability.ProcessingHealth;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.storage.BackfillCut;
import io.quarkus.runtime.StartupEvent;

/**
 * Receives polls from the source topic ({@link KafkaSource}) and hands their records to the
 * {@link BatchAssembler}, which holds each partition's records until its pacing makes a micro-batch
 * of them; ready batches run on {@link PartitionDrains} (partitions beside each other and beside
 * reading, each partition's batches in order), and a timer asks for those whose wait ran out.
 * The checkpointed offsets are committed for lag tooling after each run.
 * A failing batch is retried with backoff (doubling, at most 30 s) until it succeeds or its
 * partition is taken away, each failure logged and counted; readiness is DOWN meanwhile, liveness stays UP. A batch that starts after the
 * partition's checkpoint makes the consumer seek back, and what the assembler held is read again.
 * A batch whose oldest record is older than {@code freshness.backfillAfter} is not run: the backlog
 * becomes a backfill cut and the consumer seeks to the partition's end ({@link #cutBacklog}).
 */
@ApplicationScoped
public class SourceConsumer implements KafkaSource.Handler {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How often the timer looks for batches whose wait ran out: a small share of any sensible wait. */
    private static final long TIMER_MS = 20;
    private static final Logger LOG = Logger.getLogger(SourceConsumer.class);

    private final MicroBatchProcessor processor;
    private final BatchAssembler assembler;
    private final ProcessingHealth health;
    private final FaultInjector faults;
    private final KafkaSource poller;
    private final Attempts attempts;
    /**
     * Partitions' batches run beside each other and beside reading: at least two at once, so one
     * computes while another waits on object storage, even on one core.
     */
    private final PartitionDrains drains = new PartitionDrains(Math.max(2, Runtime.getRuntime().availableProcessors()),
            this::drain, "tandem-partition-worker");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("tandem-pacing-timer"));

    SourceConsumer(MicroBatchProcessor processor, BatchAssembler assembler, ProcessingHealth health,
            FaultInjector faults, KafkaSource poller, TandemConfig config, FailureReporting failures) {
        this.processor = processor;
        this.assembler = assembler;
        this.health = health;
        this.faults = faults;
        this.poller = poller;
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

    /** Starts pulling once the application is up (nothing when the pull channel is disabled). */
    void start(@Observes StartupEvent started) {
        poller.start(this);
    }

    @Override
    public void add(int partition, List<RawRecord> records) {
        assembler.add(partition, records);
    }

    @Override
    public void added(Set<Integer> partitions) {
        List<Integer> ready = partitions.stream().filter(assembler::ready).toList();
        drains.request(ready);
        drains.awaitRoom(assembler::backedUp);
    }

    /** The timer's turn: batches whose wait ran out. */
    void runDue() {
        try {
            drains.request(assembler.due());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Pipeline %s: running due micro-batches failed; the next poll or tick tries again",
                    processor.definition().name());
        }
    }

    /** On a pool thread: the partition's ready batches, one after another. */
    private void drain(int partition) {
        if (assembler.drain(partition, this::run) > 0) {
            faults.reached(Boundary.BEFORE_COMMIT, partition);
            poller.processed(processor.nextOffsets());
        }
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
            Map<Integer, Long> ends = poller.endOffsets(Duration.ofSeconds(5)).orElseThrow();
            processor.observeEndOffsets(ends);
            Optional<BackfillCut> cut = processor.cutIfBehind(partition, oldest);
            if (cut.isEmpty()) {
                return false;
            }
            seek(partition, cut.get().toOffset());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("Pipeline %s: could not cut the backlog of %s-%d (%s); catching up instead",
                    processor.definition().name(), processor.topic(), partition, e.getMessage());
            return false;
        }
    }

    /** Seeks, then forgets what the assembler holds of the partition: after the seek nothing stale is added. */
    private void seek(int partition, long offset) {
        poller.seek(partition, offset);
        assembler.clear(partition);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        drains.close();
    }
}
