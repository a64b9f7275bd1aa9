package dev.tandem.function.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

import dev.tandem.function.io.KafkaRecords;
import dev.tandem.function.io.NativeLz4;
import dev.tandem.shared.record.RawRecord;

/**
 * The pull consumer: one Kafka consumer on its own thread, handing each poll's records, as they
 * came, to one processing thread — no message object, metadata or context per record. Polling
 * goes on while a batch runs (the fetch and its decompression overlap the processing), pauses
 * the partitions while {@value #QUEUED_POLLS} polls wait, and never stops for long, so a batch that
 * retries through an outage never costs the group membership, and revocations are seen while it
 * retries.
 *
 * <p>Polls fetched before a partition was revoked or sought are stale and dropped
 * ({@link PollAdmission}).
 *
 * <p>Seeks, end offsets and commits run on the polling thread, the only one the Kafka consumer
 * allows. Offsets are committed — at most every {@value #COMMIT_EVERY_MS} ms — only to feed lag
 * tooling: checkpoints, not Kafka's offsets, decide where reading resumes.
 */
public final class KafkaSource {

    /** Receives the records of a poll: {@link #add} per partition under the admission lock, then {@link #added}. */
    public interface Handler {
        void add(int partition, List<RawRecord> records);

        void added(Set<Integer> partitions);
    }

    /**
     * Decides where assigned partitions are read from (by seeking {@code consumer}) and lets revoked
     * ones go; called on the polling thread, from inside the consumer's poll.
     */
    public interface Ownership {
        void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions);

        void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions);

        void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions);
    }

    /** Work handed the consumer on the polling thread. */
    private interface Task {
        void run(Consumer<byte[], byte[]> consumer);
    }

    private record Poll(ConsumerRecords<byte[], byte[]> records, Map<Integer, Long> generations) {
    }

    static final int QUEUED_POLLS = 2;
    static final long COMMIT_EVERY_MS = 1000;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration POLL_PAUSED = Duration.ofMillis(10);
    private static final System.Logger LOG = System.getLogger(KafkaSource.class.getName());

    private final SourceSettings settings;
    private final Ownership ownership;
    private final BlockingQueue<Poll> polls = new ArrayBlockingQueue<>(QUEUED_POLLS + 1);
    /** Work that needs the consumer, run between polls on the polling thread (the only one it allows). */
    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final PollAdmission admission = new PollAdmission();
    private final AtomicReference<Map<Integer, Long>> toCommit = new AtomicReference<>(Map.of());
    private final AtomicReference<String> failure = new AtomicReference<>();
    /** What was last committed; touched on the polling thread only. */
    private Map<Integer, Long> committed = Map.of();
    private volatile boolean running;
    private Thread polling;
    private Thread processing;

    public KafkaSource(SourceSettings settings, Ownership ownership) {
        this.settings = settings;
        this.ownership = ownership;
    }

    /** Starts polling and handing polls to {@code handler}; nothing when pulling is disabled. */
    public synchronized void start(Handler handler) {
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        polling = new Thread(this::pollLoop, "tandem-source-poll");
        processing = new Thread(() -> processLoop(handler), "tandem-source");
        polling.setDaemon(true);
        processing.setDaemon(true);
        polling.start();
        processing.start();
    }

    /** Why the consumer stopped, if it did: the pull path is then dead and the function needs a restart. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    private void pollLoop() {
        NativeLz4.load();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.kafka())) {
            consumer.subscribe(List.of(settings.topic()), new Listener(consumer));
            long lastCommit = 0;
            while (running) {
                for (Task task; (task = tasks.poll()) != null;) {
                    task.run(consumer);
                }
                boolean full = polls.size() >= QUEUED_POLLS;
                if (full) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(full ? POLL_PAUSED : POLL);
                if (!records.isEmpty()) {
                    Poll poll = new Poll(records,
                            admission.stamp(records.partitions().stream().map(TopicPartition::partition).toList()));
                    // Never blocks for good: should the processing thread have died, the loop ends.
                    while (running && !polls.offer(poll, 100, TimeUnit.MILLISECONDS)) {
                        // the processing thread is behind: wait for room
                    }
                }
                if (System.currentTimeMillis() - lastCommit >= COMMIT_EVERY_MS) {
                    lastCommit = System.currentTimeMillis();
                    commit(consumer);
                }
            }
            commit(consumer);
        } catch (InterruptException | InterruptedException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            running = false;
        }
    }

    private void processLoop(Handler handler) {
        try {
            while (running || !polls.isEmpty()) {
                Poll poll = polls.poll(100, TimeUnit.MILLISECONDS);
                if (poll != null) {
                    admit(poll, handler);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Records taken from the queue are past the consumer's position: never go on without them.
            fail(e);
            running = false;
        }
    }

    private void admit(Poll poll, Handler handler) {
        Map<Integer, List<RawRecord>> byPartition = new TreeMap<>();
        for (TopicPartition tp : poll.records().partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = poll.records().records(tp);
            List<RawRecord> raws = new ArrayList<>(records.size());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                raws.add(KafkaRecords.raw(r));
            }
            byPartition.put(tp.partition(), raws);
        }
        handler.added(admission.admit(poll.generations(), byPartition, handler::add));
    }

    private void advance(Collection<TopicPartition> partitions) {
        admission.advance(partitions.stream().map(TopicPartition::partition).toList());
    }

    private void fail(Throwable e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        failure.compareAndSet(null, reason);
        LOG.log(System.Logger.Level.ERROR, String.format("The source consumer of topic %s (group %s) stopped: %s; the "
                + "function needs a restart", settings.topic(), settings.groupId(), reason), e);
    }

    /** Offsets (partition → next offset) checkpointed here, for lag tooling; committed from the polling thread. */
    public void processed(Map<Integer, Long> nextOffsets) {
        toCommit.set(Map.copyOf(nextOffsets));
    }

    private void commit(Consumer<byte[], byte[]> consumer) {
        Map<Integer, Long> next = toCommit.get();
        if (next.equals(committed)) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            Long offset = next.get(tp.partition());
            if (offset != null) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        }
        committed = next;
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (done, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.DEBUG, () -> String.format("Committing %s for lag tooling failed "
                            + "(%s); the next commit carries them", done, e.getMessage()));
                }
            });
        }
    }

    /**
     * Moves the consumer to {@code offset} of {@code partition}, if it is still assigned here, and
     * makes the records of that partition fetched before it stale. Waits until done.
     */
    public void seek(int partition, long offset) {
        TopicPartition tp = new TopicPartition(settings.topic(), partition);
        onPollingThread(c -> {
            advance(List.of(tp));
            if (c.assignment().contains(tp)) {
                c.seek(tp, offset);
            }
            return null;
        }, Duration.ofSeconds(30));
    }

    /** Partition → end offset of the partitions assigned here, asked of the broker; empty when not pulling. */
    public Optional<Map<Integer, Long>> endOffsets(Duration timeout) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        return Optional.of(onPollingThread(c -> {
            Map<Integer, Long> ends = new TreeMap<>();
            c.endOffsets(c.assignment(), timeout).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }, timeout.multipliedBy(2)));
    }

    private <T> T onPollingThread(Function<Consumer<byte[], byte[]>, T> work, Duration timeout) {
        if (!running) {
            throw new IllegalStateException("The source consumer of topic " + settings.topic() + " is not running");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(consumer -> {
            try {
                result.complete(work.apply(consumer));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The source consumer of topic " + settings.topic()
                    + " did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for the source consumer", e);
        }
    }

    /** Raises generations and hands assignment changes to the {@link Ownership}, on the polling thread. */
    private final class Listener implements ConsumerRebalanceListener {

        private final Consumer<byte[], byte[]> consumer;

        Listener(Consumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            advance(partitions);
            ownership.onPartitionsAssigned(consumer, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            advance(partitions);
            ownership.onPartitionsRevoked(consumer, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            advance(partitions);
            ownership.onPartitionsLost(consumer, partitions);
        }
    }

    /** Stops polling: closing the consumer revokes its partitions, which waits for a batch in progress. */
    public void stop() {
        Thread p;
        synchronized (this) {
            running = false;
            p = polling;
        }
        if (p != null) {
            try {
                // Closing the consumer revokes the partitions, which waits for a batch in progress.
                p.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (processing != null) {
            processing.interrupt();
        }
    }
}
