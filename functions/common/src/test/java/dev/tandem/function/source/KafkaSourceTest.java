package dev.tandem.function.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.record.RawRecord;

/**
 * Against the real broker: the source hands every record of its partitions, in offset order, from
 * where the ownership seeks them; a seek reads a partition again from there; end offsets and the
 * commits for lag tooling reach the broker.
 */
class KafkaSourceTest {

    static final String TOPIC = "source-test";
    static final int RECORDS = 400;

    @TempDir
    static Path dir;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStackOptions.inDirectory(dir));
        stack.createTopics(Map.of(TOPIC, 3));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, p, null, ("p" + p + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void handsEveryRecordInOffsetOrderFromWhereTheOwnershipSeeksAndReadsAgainAfterASeek() throws Exception {
        Received received = new Received();
        // Partition 1 resumes at 100, as from a checkpoint; the others from the beginning.
        KafkaSource source = new KafkaSource(settings("source-test-group"), new SeekingOwnership(Map.of(1, 100L)));
        source.start(received);
        try {
            await(() -> received.size(0) == RECORDS && received.size(1) == RECORDS - 100 && received.size(2) == RECORDS);
            assertThat(received.values(0)).first().isEqualTo("p0-0");
            assertThat(received.values(1)).first().isEqualTo("p1-100");
            for (int p = 0; p < 3; p++) {
                assertThat(received.offsets(p)).as("partition %d in offset order, each once", p).isSorted()
                        .doesNotHaveDuplicates().last().isEqualTo((long) RECORDS - 1);
            }
            assertThat(source.endOffsets(Duration.ofSeconds(10))).contains(Map.of(0, 400L, 1, 400L, 2, 400L));

            source.seek(2, 390);
            await(() -> received.size(2) == RECORDS + 10);
            assertThat(received.offsets(2).subList(RECORDS, RECORDS + 10)).as("read again from the seek")
                    .containsExactly(390L, 391L, 392L, 393L, 394L, 395L, 396L, 397L, 398L, 399L);

            source.processed(Map.of(0, 400L, 1, 400L, 2, 400L));
            await(() -> committed("source-test-group").equals(Map.of(0, 400L, 1, 400L, 2, 400L)));
            assertThat(source.failure()).isEmpty();
        } finally {
            source.stop();
        }
    }

    @Test
    void doesNothingWhenPullingIsDisabled() {
        SourceSettings enabled = settings("disabled-group");
        KafkaSource source = new KafkaSource(new SourceSettings(false, TOPIC, enabled.kafka()),
                new SeekingOwnership(Map.of()));
        Received received = new Received();
        source.start(received);
        assertThat(source.endOffsets(Duration.ofSeconds(1))).isEmpty();
        source.stop();
        assertThat(received.size(0)).isZero();
    }

    private static SourceSettings settings(String group) {
        return new SourceSettings(true, TOPIC, Map.of("bootstrap.servers", stack.kafkaBootstrapServers(),
                "group.id", group, "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                "enable.auto.commit", "false", "max.poll.records", "50"));
    }

    private static Map<Integer, Long> committed(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<Integer, Long> out = new TreeMap<>();
            offsets.forEach((tp, o) -> out.put(tp.partition(), o.offset()));
            return out;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Seeks each assigned partition to its given offset, or to the beginning. */
    private record SeekingOwnership(Map<Integer, Long> from) implements KafkaSource.Ownership {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                Long offset = from.get(tp.partition());
                if (offset != null) {
                    consumer.seek(tp, offset);
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        }
    }

    /** What the source handed on, per partition, in the order it did. */
    private static final class Received implements KafkaSource.Handler {

        private final Map<Integer, List<RawRecord>> records = new ConcurrentHashMap<>();

        @Override
        public void add(int partition, List<RawRecord> batch) {
            records.computeIfAbsent(partition, p -> java.util.Collections.synchronizedList(new ArrayList<>())).addAll(batch);
        }

        @Override
        public void added(Set<Integer> partitions) {
            assertThat(partitions).allSatisfy(p -> assertThat(records).containsKey(p));
        }

        int size(int partition) {
            return records.getOrDefault(partition, List.of()).size();
        }

        List<Long> offsets(int partition) {
            synchronized (records.get(partition)) {
                return records.get(partition).stream().map(r -> r.source().offset()).toList();
            }
        }

        List<String> values(int partition) {
            synchronized (records.get(partition)) {
                return records.get(partition).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
            }
        }
    }
}
