package dev.tandem.demo.generate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a seeded stream of {@code orders} to Kafka at a fixed rate, keyed by store (so each store
 * lives in one partition, as the pipeline recommends), with W3C trace context in the headers:
 * mostly on-time orders a little out of order, and in the given shares late ones (older than
 * their window's close), byte-identical re-sends and invalid ones. It returns what it sent, so a
 * run can be checked against it.
 *
 * <p>The content of the stream depends only on the options and the seed; event times are the
 * wall clock at sending (minus the disorder), so a run shows real freshness.
 */
public final class OrderGenerator {

    private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

    private final GeneratorOptions options;
    private final long windowMs;

    /** {@code windowMs}: the pipeline's window size, to tell which windows late events fall in. */
    public OrderGenerator(GeneratorOptions options, long windowMs) {
        this.options = options;
        this.windowMs = windowMs;
    }

    public GeneratedTruth send(String bootstrap, String topic, LongConsumer progress) {
        Random random = new Random(options.seed());
        List<byte[]> recent = new ArrayList<>();
        List<String> recentStores = new ArrayList<>();
        Map<String, Long> invalid = new TreeMap<>();
        TreeSet<String> lateWindows = new TreeSet<>();
        long sent = 0;
        long valid = 0;
        long late = 0;
        long duplicates = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long total = options.events();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / options.rate();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (long i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                double roll = random.nextDouble();
                byte[] value;
                String store;
                if (roll < options.duplicates() && !recent.isEmpty()) {
                    int pick = random.nextInt(recent.size());
                    value = recent.get(pick);
                    store = recentStores.get(pick);
                    duplicates++;
                } else {
                    store = "store-" + random.nextInt(options.stores());
                    String id = "o-" + options.seed() + "-" + i;
                    long now = System.currentTimeMillis();
                    long time = now - random.nextLong(options.disorder().toMillis() + 1);
                    roll -= options.duplicates();
                    // Not in the first second: a partition's watermark must exist for an event to be late.
                    boolean isLate = roll >= 0 && roll < options.late() && i >= options.rate();
                    if (isLate) {
                        time = now - options.lateBy().toMillis() - random.nextLong(20_000);
                    }
                    BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(50_000), 2);
                    String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
                    String customer = "cust-" + random.nextInt(5_000);
                    String invalidKind = null;
                    double bad = roll - options.late();
                    if (bad >= 0 && bad < options.invalid()) {
                        invalidKind = switch (random.nextInt(3)) {
                            case 0 -> "positive-amount";
                            case 1 -> "known-currency";
                            default -> "json";
                        };
                        isLate = false;
                    }
                    value = switch (invalidKind == null ? "" : invalidKind) {
                        case "positive-amount" -> json(id, time, store, amount.negate(), currency, customer);
                        case "known-currency" -> json(id, time, store, amount, "XXX", customer);
                        case "json" -> ("{\"orderId\":\"" + id + "\",\"createdAt\":").getBytes(StandardCharsets.UTF_8);
                        default -> json(id, time, store, amount, currency, customer);
                    };
                    if (invalidKind != null) {
                        invalid.merge(invalidKind, 1L, Long::sum);
                    } else {
                        valid++;
                        first = Math.min(first, time);
                        last = Math.max(last, time);
                        if (isLate) {
                            late++;
                            long windowStart = time - Math.floorMod(time, windowMs);
                            lateWindows.add(Instant.ofEpochMilli(windowStart) + "|" + store);
                        } else if (recent.size() < 200) {
                            recent.add(value);
                            recentStores.add(store);
                        } else {
                            int slot = random.nextInt(200);
                            recent.set(slot, value);
                            recentStores.set(slot, store);
                        }
                    }
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add("traceparent", traceparent(random).getBytes(StandardCharsets.US_ASCII));
                producer.send(new ProducerRecord<>(topic, null, store.getBytes(StandardCharsets.UTF_8), value, headers));
                sent++;
                if (sent % 1000 == 0) {
                    progress.accept(sent);
                }
            }
            producer.flush();
        }
        progress.accept(sent);
        return new GeneratedTruth(sent, valid, late, duplicates, invalid, lateWindows, first, last);
    }

    static byte[] json(String id, long time, String store, BigDecimal amount, String currency, String customer) {
        return ("{\"orderId\":\"" + id + "\",\"createdAt\":\"" + Instant.ofEpochMilli(time) + "\",\"storeId\":\""
                + store + "\",\"amount\":" + amount.toPlainString() + ",\"currency\":\"" + currency
                + "\",\"customer\":{\"id\":\"" + customer + "\",\"email\":\"" + customer + "@example.com\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A producer span context, as an instrumented producer would send it. */
    private static String traceparent(Random random) {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        random.nextBytes(trace);
        random.nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }
}
