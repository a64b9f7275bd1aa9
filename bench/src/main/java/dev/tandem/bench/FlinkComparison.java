package dev.tandem.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.shared.record.Json;

/**
 * (e) of the micro-batch benchmark: Apache Flink doing the same job ({@code bench/flink}, built
 * with {@code -Pflink}) as its own JVM under the same heap, and the check that its results equal
 * Tandem's: every FINAL the function emitted has a Flink window with the same count and the same
 * exact sum, min and max. (Flink flushes every window at the end of its bounded input; the
 * function's last windows are still open when the benchmark stops it, so Flink has more windows.)
 */
final class FlinkComparison {

    private FlinkComparison() {
    }

    /** Whether the Flink job was built: {@code <dir>/target/classpath.txt} and its jar. */
    static boolean built(Path flinkModule) {
        return Files.exists(flinkModule.resolve("target/classpath.txt"))
                && Files.exists(flinkModule.resolve("target/tandem-bench-flink.jar"));
    }

    /** Runs the Flink job over {@code topic}; its JSON line plus where its windows were written. */
    static ObjectNode run(Path flinkModule, LocalStack stack, String topic, int events, Path dir) throws Exception {
        MicroBatchBench.log("(e) Apache Flink");
        Path windows = dir.resolve("flink-windows.txt");
        String classPath = flinkModule.resolve("target/tandem-bench-flink.jar") + ":"
                + Files.readString(flinkModule.resolve("target/classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(MicroBatchBench.javaBin(), "-Xmx1g"));
        // Flink as a user runs it (the JVM's own collector choice), unless told otherwise: e.g. the
        // parallel collector Tandem's functions run with, to compare like with like.
        String extra = System.getenv().getOrDefault("TANDEM_BENCH_FLINK_OPTS", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", classPath, "dev.tandem.bench.flink.FlinkJob", stack.kafkaBootstrapServers(), topic,
                Integer.toString(events), windows.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("flink.log").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("The Flink job failed; see " + dir.resolve("flink.log"));
        }
        ObjectNode result = (ObjectNode) Json.mapper().readTree(out.lines().reduce((x, y) -> y).orElseThrow());
        result.put("windowsFile", windows.toString());
        return result;
    }

    /**
     * Compares the function's FINALs on {@code resultsTopic} with Flink's windows: the counts, and
     * where they differ, the first difference. Throws if any FINAL differs: a benchmark of two
     * engines that disagree measures nothing.
     */
    static ObjectNode compare(LocalStack stack, String resultsTopic, Path flinkWindows) throws Exception {
        Map<String, List<BigDecimal>> flink = new HashMap<>();
        for (String line : Files.readAllLines(flinkWindows)) {
            String[] f = line.split("\\|");
            flink.put(Instant.ofEpochMilli(Long.parseLong(f[0])) + "|" + f[1],
                    List.of(new BigDecimal(f[2]), new BigDecimal(f[3]), new BigDecimal(f[4]), new BigDecimal(f[5])));
        }
        Map<String, List<BigDecimal>> tandem = finals(stack, resultsTopic);
        int mismatches = 0;
        String first = null;
        for (Map.Entry<String, List<BigDecimal>> e : tandem.entrySet()) {
            List<BigDecimal> f = flink.get(e.getKey());
            boolean same = f != null;
            for (int i = 0; same && i < 4; i++) {
                same = f.get(i).compareTo(e.getValue().get(i)) == 0;
            }
            if (!same) {
                mismatches++;
                first = first != null ? first : e.getKey() + ": Tandem " + e.getValue() + ", Flink " + f;
            }
        }
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("tandemFinals", tandem.size());
        n.put("flinkWindows", flink.size());
        n.put("mismatches", mismatches);
        if (first != null) {
            n.put("firstMismatch", first);
        }
        if (tandem.size() < flink.size() / 2) {
            throw new IllegalStateException("Too few FINALs to compare (" + n + ")");
        }
        if (mismatches > 0) {
            throw new IllegalStateException("Tandem's and Flink's results differ: " + n);
        }
        return n;
    }

    /** (window start|store) → count, sum, min, max of every FINAL on the results topic. */
    private static Map<String, List<BigDecimal>> finals(LocalStack stack, String topic) throws Exception {
        Map<String, List<BigDecimal>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode v = Json.mapper().readTree(r.value());
                    if (!"FINAL".equals(v.path("status").asText())) {
                        continue;
                    }
                    JsonNode values = v.get("values");
                    out.put(v.at("/window/start").asText() + "|" + v.get("group").get(0).asText(), List.of(
                            new BigDecimal(values.get("orders").asText()), new BigDecimal(values.get("revenue").asText()),
                            new BigDecimal(values.get("smallestOrder").asText()),
                            new BigDecimal(values.get("largestOrder").asText())));
                }
            }
        }
        return out;
    }
}
