package dev.tandem.function.io;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The source topic as the push trigger's guard sees it: how many partitions it has, and which of
 * them a live member of the pipeline's pull consumer group owns. Both are read from the cluster and
 * kept briefly — the partition count for {@code countTtl} (and read again at once, at most once a
 * second, when asked about a partition beyond it: partitions can be added), the owners for
 * {@code ownersTtl} — so a steady push rate costs no admin request per push.
 */
public final class SourcePartitions implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long RECOUNT_AT_MOST_EVERY_NANOS = 1_000_000_000L;

    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final long countTtlNanos;
    private final long ownersTtlNanos;
    private final LongSupplier nanoTime;
    private int count = -1;
    private long countAt;
    private Map<Integer, String> owners = Map.of();
    private long ownersAt;
    private boolean ownersKnown;

    public SourcePartitions(Map<String, Object> kafka, String topic, String groupId, Duration countTtl,
            Duration ownersTtl) {
        this.admin = Admin.create(ConsumerGroupOwners.adminConfig(kafka));
        this.topic = topic;
        this.groupId = groupId;
        this.countTtlNanos = countTtl.toNanos();
        this.ownersTtlNanos = ownersTtl.toNanos();
        this.nanoTime = System::nanoTime;
    }

    public String topic() {
        return topic;
    }

    /**
     * The topic's partition count, {@code partition} in mind: a count that does not include it is
     * read again (at most once a second) before it is answered.
     *
     * @throws IllegalStateException if the cluster cannot be asked, or has no such topic
     */
    public synchronized int count(int partition) {
        long now = nanoTime.getAsLong();
        boolean stale = count < 0 || now - countAt > countTtlNanos
                || (partition >= count && now - countAt > RECOUNT_AT_MOST_EVERY_NANOS);
        if (stale) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                count = d.partitions().size();
                countAt = now;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading the partitions of " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Could not read the partitions of topic " + topic + ": "
                        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
            }
        }
        return count;
    }

    /**
     * Partition → the live member of the pull group that owns it ({@code <client id>/<host>}).
     *
     * @throws IllegalStateException if the group coordinator cannot be asked
     */
    public synchronized Map<Integer, String> owners() {
        long now = nanoTime.getAsLong();
        if (!ownersKnown || now - ownersAt > ownersTtlNanos) {
            owners = ConsumerGroupOwners.byPartition(admin, groupId, topic);
            ownersAt = now;
            ownersKnown = true;
        }
        return owners;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
