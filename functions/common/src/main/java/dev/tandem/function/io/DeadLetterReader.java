package dev.tandem.function.io;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tandem.shared.decode.DeadLetterHeaders;

/**
 * Reads back which records of a source partition already have a dead letter, from the source
 * coordinates in the dead letters' headers. A micro-batch that runs again after a crash asks
 * before dead-lettering, so each invalid record is on the dead-letter topic once.
 *
 * <p>Only dead letters written at or after a given time are read (Kafka's time index finds where
 * to start), so a read covers the minutes since the batch's records were produced, not the
 * topic's history.
 */
public final class DeadLetterReader {

    private final Map<String, Object> clientConfig;
    private final Duration timeout;

    /**
     * @param clientConfig Kafka client properties (bootstrap servers, security)
     * @param timeout      how long a read may take before it fails (the batch is then retried)
     */
    public DeadLetterReader(Map<String, Object> clientConfig, Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.timeout = timeout;
    }

    /**
     * The offsets, at or after {@code fromOffset}, of records of {@code sourceTopic}-{@code
     * sourcePartition} that have a dead letter on {@code deadLetterTopic} with a timestamp at or
     * after {@code sinceMs}. Empty when the dead-letter topic does not exist.
     */
    public NavigableSet<Long> deadLettered(String deadLetterTopic, String sourceTopic, int sourcePartition,
            long fromOffset, long sinceMs) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-dead-letter-reader");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        NavigableSet<Long> found = new TreeSet<>();
        String partition = Integer.toString(sourcePartition);
        NativeLz4.load();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (partitions.isEmpty()) {
                return found;
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, Math.max(0, sinceMs)));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, timeout);
            Set<TopicPartition> pending = new HashSet<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                long from = start == null ? ends.get(tp) : start.offset();
                consumer.seek(tp, from);
                if (from < ends.get(tp)) {
                    pending.add(tp);
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading back the dead letters of " + sourceTopic + "-"
                            + sourcePartition + " from " + deadLetterTopic + " took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (sourceTopic.equals(header(r, DeadLetterHeaders.TOPIC))
                            && partition.equals(header(r, DeadLetterHeaders.PARTITION))) {
                        String offset = header(r, DeadLetterHeaders.OFFSET);
                        try {
                            long o = Long.parseLong(offset);
                            if (o >= fromOffset) {
                                found.add(o);
                            }
                        } catch (NumberFormatException e) {
                            // Not one of ours: written by something else to the same topic.
                        }
                    }
                }
                pending.removeIf(tp -> consumer.position(tp, timeout) >= ends.get(tp));
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
