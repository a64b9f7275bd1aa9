package dev.tandem.microbatch.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A seeded stream of orders with what each event is meant to be: valid, a re-sent duplicate, late
 * (far behind its partition), or invalid (and why). Events go to explicit partitions (by store),
 * as producers keyed by the group key would send them.
 */
public final class OrderStream {

    /** What an event is meant to be. */
    public enum Kind {
        VALID, DUPLICATE, LATE, INVALID_AMOUNT, MISSING_STORE, NOT_JSON
    }

    /**
     * One generated event.
     *
     * @param id        order id
     * @param timeMs    event time
     * @param store     store id (group key)
     * @param amount    amount, scale 2
     * @param customer  customer id (PII, masked by HMAC)
     * @param kind      what it is
     * @param partition the partition it is sent to
     * @param value     the exact bytes sent
     */
    public record Event(String id, long timeMs, String store, BigDecimal amount, String customer, Kind kind,
            int partition, byte[] value) {

        public boolean isInvalid() {
            return kind == Kind.INVALID_AMOUNT || kind == Kind.MISSING_STORE || kind == Kind.NOT_JSON;
        }
    }

    /** An event as the broker stored it. */
    public record Sent(Event event, long offset) {
    }

    private OrderStream() {
    }

    public static List<Event> generate(long seed, int n, int partitions, long baseMs) {
        Random random = new Random(seed);
        List<Event> out = new ArrayList<>(n);
        List<Event> validSoFar = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int roll = random.nextInt(100);
            if (roll < 3 && !validSoFar.isEmpty()) {
                Event original = validSoFar.get(validSoFar.size() - 1 - random.nextInt(Math.min(validSoFar.size(), 40)));
                out.add(new Event(original.id(), original.timeMs(), original.store(), original.amount(),
                        original.customer(), Kind.DUPLICATE, original.partition(), original.value()));
                continue;
            }
            String store = "store-" + random.nextInt(12);
            int partition = Math.floorMod(store.hashCode(), partitions);
            long time = baseMs + i * 25L + random.nextInt(8_000) - 4_000;
            Kind kind = Kind.VALID;
            if (roll >= 3 && roll < 5) {
                kind = Kind.LATE;
                time -= 100_000 + random.nextInt(60_000);
            } else if (roll == 5) {
                kind = Kind.INVALID_AMOUNT;
            } else if (roll == 6) {
                kind = Kind.MISSING_STORE;
            } else if (roll == 7) {
                kind = Kind.NOT_JSON;
            }
            BigDecimal amount = kind == Kind.INVALID_AMOUNT ? new BigDecimal("-3.50")
                    : BigDecimal.valueOf(100 + random.nextInt(20_000), 2);
            String id = "ord-" + seed + "-" + i;
            String customer = "cust-" + random.nextInt(150);
            byte[] value = kind == Kind.NOT_JSON ? ("{\"orderId\": \"" + id + "\", oops").getBytes(StandardCharsets.UTF_8)
                    : json(id, time, kind == Kind.MISSING_STORE ? null : store, amount, customer);
            Event e = new Event(id, time, store, amount, customer, kind, partition, value);
            out.add(e);
            if (kind == Kind.VALID || kind == Kind.LATE) {
                validSoFar.add(e);
            }
        }
        return out;
    }

    static byte[] json(String id, long time, String store, BigDecimal amount, String customer) {
        StringBuilder s = new StringBuilder("{\"orderId\":\"").append(id).append("\",\"createdAt\":\"")
                .append(Instant.ofEpochMilli(time)).append('"');
        if (store != null) {
            s.append(",\"storeId\":\"").append(store).append('"');
        }
        s.append(",\"amount\":").append(amount.toPlainString()).append(",\"currency\":\"EUR\",\"customer\":{\"id\":\"")
                .append(customer).append("\",\"email\":\"").append(customer).append("@example.com\"}}");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the events in order, each to its partition, and returns them with their offsets. */
    public static List<Sent> send(String bootstrap, String topic, List<Event> events) {
        return send(bootstrap, topic, events, null);
    }

    /**
     * As {@link #send(String, String, List)}, with every record's timestamp (its produce time, as
     * consumers see it) set to {@code producedAtMs}: a backlog produced that long ago.
     */
    public static List<Sent> send(String bootstrap, String topic, List<Event> events, Long producedAtMs) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                // Compressed, as producers commonly send: the function's consumer decompresses (NativeLz4).
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (Event e : events) {
                futures.add(producer.send(new ProducerRecord<>(topic, e.partition(), producedAtMs,
                        e.store().getBytes(StandardCharsets.UTF_8), e.value())));
            }
            producer.flush();
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                sent.add(new Sent(events.get(i), futures.get(i).get().offset()));
            }
            return sent;
        } catch (Exception e) {
            throw new IllegalStateException("Could not send the generated stream", e);
        }
    }
}
