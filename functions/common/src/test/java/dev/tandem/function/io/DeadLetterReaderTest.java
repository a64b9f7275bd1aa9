package dev.tandem.function.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.decode.DeadLetterHeaders;

/** Against the real broker: which dead letters the reader finds, by coordinates and by time. */
class DeadLetterReaderTest {

    static final long T = 1_700_000_000_000L;

    @TempDir
    static Path dir;
    static LocalStack stack;
    static DeadLetterReader reader;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStackOptions.inDirectory(dir));
        stack.createTopics(Map.of("orders.dlq", 2));
        reader = new DeadLetterReader(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()), Duration.ofSeconds(30));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            // dead-letter partition, timestamp, then the source topic, partition and offset it stands for
            send(producer, 0, T - 60_000, "orders", 0, "7");
            send(producer, 0, T, "orders", 0, "5");
            send(producer, 1, T + 1, "orders", 0, "9");
            send(producer, 1, T + 2, "orders", 1, "8");
            send(producer, 0, T + 3, "payments", 0, "11");
            send(producer, 0, T + 4, "orders", 0, "4");
            send(producer, 1, T + 5, "orders", 0, "not-a-number");
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void findsTheDeadLettersOfOneSourcePartitionFromAnOffsetWrittenSinceATime() {
        assertThat(reader.deadLettered("orders.dlq", "orders", 0, 5, T)).containsExactly(5L, 9L);
        assertThat(reader.deadLettered("orders.dlq", "orders", 0, 0, T - 120_000)).containsExactly(4L, 5L, 7L, 9L);
        assertThat(reader.deadLettered("orders.dlq", "orders", 1, 0, T)).containsExactly(8L);
        assertThat(reader.deadLettered("orders.dlq", "orders", 0, 5, T + 10)).as("nothing written since").isEmpty();
    }

    @Test
    void findsNothingOnATopicThatDoesNotExist() {
        assertThat(reader.deadLettered("missing.dlq", "orders", 0, 0, 0)).isEmpty();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int partition, long timestamp, String topic,
            int sourcePartition, String offset) {
        producer.send(new ProducerRecord<>("orders.dlq", partition, timestamp, null,
                "{}".getBytes(StandardCharsets.UTF_8), List.of(
                        new RecordHeader(DeadLetterHeaders.TOPIC, topic.getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(DeadLetterHeaders.PARTITION,
                                Integer.toString(sourcePartition).getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(DeadLetterHeaders.OFFSET, offset.getBytes(StandardCharsets.UTF_8)))));
    }
}
