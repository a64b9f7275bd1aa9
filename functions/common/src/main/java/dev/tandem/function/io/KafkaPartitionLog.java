package dev.tandem.function.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tandem.engine.drain.PartitionLog;
import dev.tandem.shared.record.RawRecord;

/**
 * The source topic read by partition and offset with a consumer that joins no group (so a drain
 * never triggers a rebalance); after a drain it commits the end offsets under the pipeline's
 * group, so lag-based autoscalers (KEDA) see the lag the drain removed.
 */
public final class KafkaPartitionLog implements PartitionLog, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    /** A read that finds nothing for this long below an end offset the broker reported gives up. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public KafkaPartitionLog(Map<String, Object> kafka, String topic, String groupId, int maxPollRecords) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-drain-" + topic);
        NativeLz4.load();
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Map<Integer, Long> endOffsets() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        Map<Integer, Long> ends = new TreeMap<>();
        consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((tp, end) -> ends.put(tp.partition(), end));
        return ends;
    }

    @Override
    public long startOffset(int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
    }

    @Override
    public List<RawRecord> read(int partition, long from, long until, int maxRecords) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        List<RawRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (out.size() < maxRecords && System.nanoTime() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> polled = consumer.poll(POLL).records(tp);
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                if (r.offset() >= until || out.size() >= maxRecords) {
                    return out;
                }
                out.add(KafkaRecords.raw(r));
            }
            if (consumer.position(tp) >= until) {
                return out;
            }
            if (!out.isEmpty() && polled.isEmpty()) {
                return out;
            }
        }
        return out;
    }

    /** Commits partition → next offset for the pipeline's group, for lag tooling only (checkpoints are the truth). */
    public void commit(Map<Integer, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((p, next) -> offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(next)));
        consumer.commitSync(offsets, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
