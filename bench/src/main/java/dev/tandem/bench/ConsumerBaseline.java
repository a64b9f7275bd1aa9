package dev.tandem.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.shared.storage.ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The baselines of the micro-batch benchmark, each run as its own JVM so its peak memory is its
 * own: {@code ceiling} only polls and deserializes; {@code floor} also parses every value with
 * Jackson and aggregates count/sum/min/max per (60 s window, store) in a HashMap — the real work
 * without any guarantee; {@code landing} is the floor plus the one piece of durable work every
 * lakehouse ingest does: each poll's values of each partition, as they came, written to the S3
 * server as one gzip NDJSON object (level 1, as Tandem's segments) — no validation, masking,
 * re-serialization, dedupe or checkpoint; {@code landing-zstd} the same as one zstd frame (level 1, as
 * segments of a pipeline landing zstd). Prints one JSON line: records, seconds, peak RSS.
 */
public final class ConsumerBaseline {

    private ConsumerBaseline() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String bootstrap = args[1];
        String topic = args[2];
        long expected = Long.parseLong(args[3]);
        // landing: args[4..8] are the S3 endpoint, region, access key, secret key and bucket.
        boolean zstd = mode.equals("landing-zstd");
        ObjectStore store = mode.startsWith("landing") ? new S3ObjectStore(S3Client.builder()
                .endpointOverride(URI.create(args[4])).region(Region.of(args[5]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[6], args[7])))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                // As the functions are configured: S3-compatible servers rarely take aws-chunked uploads.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()).build(), args[8])
                : null;
        ObjectMapper jackson = new ObjectMapper();
        Map<String, double[]> aggregates = new HashMap<>();
        long n = 0;
        long started = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "baseline-" + mode + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (n < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (started == 0 && !records.isEmpty()) {
                    started = System.nanoTime();
                }
                if (store != null) {
                    land(store, topic, records, zstd);
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    n++;
                    if (!mode.equals("ceiling")) {
                        JsonNode o = jackson.readTree(r.value());
                        long t = Instant.parse(o.get("createdAt").asText()).toEpochMilli();
                        String key = (t - Math.floorMod(t, 60_000)) + "|" + o.get("storeId").asText();
                        double amount = o.get("amount").asDouble();
                        double[] a = aggregates.computeIfAbsent(key,
                                k -> new double[] {0, 0, Double.MAX_VALUE, -Double.MAX_VALUE});
                        a[0]++;
                        a[1] += amount;
                        a[2] = Math.min(a[2], amount);
                        a[3] = Math.max(a[3], amount);
                    } else if (r.value() == null) {
                        throw new IllegalStateException("empty record");
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("{\"mode\":\"%s\",\"records\":%d,\"seconds\":%.3f,\"peakRssBytes\":%d,\"groups\":%d}%n", mode, n,
                seconds, peakRss(), aggregates.size());
    }

    /** One gzip (or zstd) NDJSON object per partition of the poll, the values as they came. */
    private static void land(ObjectStore store, String topic, ConsumerRecords<byte[], byte[]> records, boolean zstd)
            throws IOException {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.size() * 64);
            if (zstd) {
                for (ConsumerRecord<byte[], byte[]> r : part) {
                    bytes.write(r.value());
                    bytes.write('\n');
                }
                store.put("landing/" + topic + "-" + tp.partition() + "-" + part.get(0).offset() + ".ndjson.zst",
                        com.github.luben.zstd.Zstd.compress(bytes.toByteArray(), 1), Map.of());
                continue;
            }
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            }) {
                for (ConsumerRecord<byte[], byte[]> r : part) {
                    gzip.write(r.value());
                    gzip.write('\n');
                }
            }
            store.put("landing/" + topic + "-" + tp.partition() + "-" + part.get(0).offset() + ".ndjson.gz",
                    bytes.toByteArray(), Map.of());
        }
    }

    /** VmHWM of this process, in bytes. */
    static long peakRss() throws Exception {
        return peakRss(Path.of("/proc/self/status"));
    }

    static long peakRss(Path status) throws Exception {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
