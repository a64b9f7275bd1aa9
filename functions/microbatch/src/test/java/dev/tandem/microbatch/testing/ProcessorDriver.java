package dev.tandem.microbatch.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tandem.engine.microbatch.Boundary;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.function.io.KafkaRecords;
import dev.tandem.shared.record.RawRecord;

/**
 * Feeds a processor from the real broker the way the pull trigger does — restore on assignment,
 * seek to the checkpoint, process batches per partition — with a real consumer, so a test can
 * throw the whole thing away (a crash) and start a new one (a restart).
 */
public final class ProcessorDriver implements AutoCloseable {

    private final MicroBatchProcessor processor;
    private final FaultInjector faults;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public ProcessorDriver(MicroBatchProcessor processor, FaultInjector faults, String bootstrap, int partitions,
            int maxPollRecords) {
        this.processor = processor;
        this.faults = faults;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "driver-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(processor.topic(), p));
        }
        consumer.assign(all);
        for (TopicPartition tp : all) {
            OptionalLong next = processor.assign(tp.partition());
            if (next.isPresent()) {
                consumer.seek(tp, next.getAsLong());
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    /** Processes until every partition has reached {@code endOffsets}; a processing failure propagates. */
    public void runUntil(Map<Integer, Long> endOffsets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(endOffsets)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not done within " + timeout + ": at " + processor.nextOffsets()
                        + ", expected " + endOffsets);
            }
            Map<Integer, List<RawRecord>> batch = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                batch.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(KafkaRecords.raw(r));
            }
            batch.forEach((partition, records) -> {
                processor.process(partition, records);
                faults.reached(Boundary.BEFORE_COMMIT, partition);
                // Offsets are committed for lag tooling only; restarts read the checkpoints.
                consumer.commitSync(Map.of(new TopicPartition(processor.topic(), partition),
                        new OffsetAndMetadata(processor.nextOffsets().get(partition))));
            });
        }
    }

    private boolean reached(Map<Integer, Long> endOffsets) {
        Map<Integer, Long> next = processor.nextOffsets();
        return endOffsets.entrySet().stream().allMatch(e -> next.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
