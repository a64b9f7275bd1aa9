package dev.tandem.function.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tandem.engine.io.RecordSink;

/**
 * Sends records to Kafka with an idempotent producer ({@code acks=all}) and waits for the
 * broker's acknowledgement of a whole batch of sends: a micro-batch checkpoints only after
 * everything it emitted is durable.
 */
public final class KafkaRecordSink implements RecordSink, AutoCloseable {

    private final Producer<byte[], byte[]> producer;

    public KafkaRecordSink(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** A producer from the given client properties (bootstrap servers, security), idempotent. */
    public static KafkaRecordSink create(Map<String, Object> clientConfig, String clientId) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaRecordSink(new KafkaProducer<>(config));
    }

    @Override
    public Pending send(List<Outgoing> records) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        for (Outgoing r : records) {
            RecordHeaders headers = new RecordHeaders();
            r.headers().forEach(h -> headers.add(h.key(), h.value()));
            futures.add(producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value(), headers)));
        }
        return new KafkaPending(futures);
    }

    @Override
    public void flushQuietly() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            // The broker is unreachable: the next attempt fails at the same place, and flushes again.
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** Sends in flight: the producer's futures. */
    private static final class KafkaPending implements Pending {
        private final List<Future<RecordMetadata>> futures;

        KafkaPending(List<Future<RecordMetadata>> futures) {
            this.futures = futures;
        }

        @Override
        public int size() {
            return futures.size();
        }

        @Override
        public void await(long timeoutMs) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            for (Future<RecordMetadata> f : futures) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka acknowledgements", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Kafka refused a record: " + e.getCause().getMessage(), e.getCause());
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not acknowledge " + futures.size() + " records within "
                            + timeoutMs + " ms", e);
                }
            }
        }
    }
}
