package dev.tandem.function.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.batch.MicroBatchResults;
import dev.tandem.shared.storage.ResultRecord;

/**
 * Reads the micro-batch function's results for a range from the results topic: the latest record
 * of every partial key (FINAL, or CORRECTED by an earlier reconcile), read to the end of the log
 * as it is when reading starts. PROVISIONAL records of windows still open are left out.
 */
public final class ResultsTopicReader implements MicroBatchResults {

    private final Map<String, Object> kafka;

    /** {@code kafka}: client configuration, at least {@code bootstrap.servers}. */
    public ResultsTopicReader(Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public Map<PartialKey, ResultRecord> read(String topic, String pipeline, TimeRange range, Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<PartialKey, ResultRecord> latest = new TreeMap<>();
        NativeLz4.load();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            end.values().removeIf(v -> v == 0);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!end.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + topic + " to its end took longer than " + timeout
                            + " (tandem.batch.results-read-timeout)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r, pipeline, range, latest);
                }
                end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return latest;
    }

    private static void take(ConsumerRecord<byte[], byte[]> r, String pipeline, TimeRange range,
            Map<PartialKey, ResultRecord> latest) {
        if (r.value() == null) {
            return;
        }
        ResultRecord result;
        try {
            result = ResultRecord.parse(r.value());
        } catch (IllegalArgumentException e) {
            return; // Not ours: the results topic is not read by Tandem alone.
        }
        if (!result.pipeline().equals(pipeline) || result.partition().isEmpty() || !range.containsWindow(result.window())
                || result.status() == dev.tandem.shared.storage.ResultStatus.PROVISIONAL) {
            return;
        }
        latest.put(result.partialKey().orElseThrow(), result);
    }
}
