package dev.tandem.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.record.Json;

/**
 * SIGKILL → processing again, for the packaged micro-batch function under a steady load: it is
 * killed at random moments and started again at once (static group membership, as a container
 * restarted in its pod); measured per kill are the time until it is ready (partitions assigned
 * and restored) and until its metrics show records processed again. Writes {@code recovery.json}
 * and {@code recovery.md}.
 */
public final class RecoveryBench {

    private RecoveryBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("--kills", "5", "--rate", "5000", "--out", "bench/results",
                "--jar", "functions/microbatch/target/quarkus-app/quarkus-run.jar", "--read-latency-ms", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        int kills = Integer.parseInt(opts.get("--kills"));
        int rate = Integer.parseInt(opts.get("--rate"));
        Path jar = Path.of(opts.get("--jar"));
        Path dir = Files.createTempDirectory("tandem-recovery-bench-");
        String name = "recovery";
        List<long[]> measured = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            stack.createTopics(Map.of(name, MicroBatchBench.PARTITIONS, name + ".results", MicroBatchBench.PARTITIONS,
                    name + ".dlq", 1));
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(stack, name, rate, producing), "recovery-producer");
            producer.start();
            Random random = new Random(11);
            // Every GET held as long as a remote S3's first byte takes (S3Faults.readLatency): restores
            // read a full checkpoint and its chain of deltas.
            stack.s3Faults().readLatency(Duration.ofMillis(Long.parseLong(opts.get("--read-latency-ms"))));
            Process function = MicroBatchBench.startFunction(jar, stack, dir, name, true, "recovery-instance");
            try {
                MicroBatchBench.awaitReady(function, MicroBatchBench.port(dir, name));
                for (int k = 0; k < kills; k++) {
                    Thread.sleep(5_000 + random.nextInt(5_000));
                    long killedAt = System.nanoTime();
                    function.destroyForcibly().waitFor();
                    function = MicroBatchBench.startFunction(jar, stack, dir, name, false, "recovery-instance");
                    int port = MicroBatchBench.port(dir, name);
                    long ready = MicroBatchBench.awaitReady(function, port);
                    long processing = awaitProcessing(port);
                    measured.add(new long[] {(ready - killedAt) / 1_000_000, (processing - killedAt) / 1_000_000});
                    MicroBatchBench.log("kill %d: ready after %d ms, processing after %d ms", k + 1,
                            measured.get(k)[0], measured.get(k)[1]);
                }
            } finally {
                producing.set(false);
                producer.join();
                function.destroy();
                function.waitFor();
            }
        }
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("when", Instant.now().toString());
        result.put("rate", rate);
        long readLatencyMs = Long.parseLong(opts.get("--read-latency-ms"));
        result.put("readLatencyMs", readLatencyMs);
        ArrayNode runs = result.putArray("kills");
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                SIGKILL → processing again, packaged micro-batch function, static group membership, %,d events/s on
                %d partitions, %d cores, %s%s. Ready: partitions assigned and restored (readiness UP); processing:
                the restarted process's metrics count records processed.

                | kill | → ready | → processing |
                |---:|---:|---:|
                """, rate, MicroBatchBench.PARTITIONS, Runtime.getRuntime().availableProcessors(), Instant.now(),
                readLatencyMs > 0 ? ", every S3 GET held " + readLatencyMs + " ms" : ""));
        for (int k = 0; k < measured.size(); k++) {
            ObjectNode n = runs.addObject();
            n.put("readyMs", measured.get(k)[0]);
            n.put("processingMs", measured.get(k)[1]);
            md.append(String.format(Locale.ROOT, "| %d | %.1f s | %.1f s |%n", k + 1, measured.get(k)[0] / 1000.0,
                    measured.get(k)[1] / 1000.0));
        }
        Path out = Path.of(opts.get("--out"));
        Files.createDirectories(out);
        Files.write(out.resolve("recovery.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        Files.writeString(out.resolve("recovery.md"), md.toString());
        System.out.println(md);
    }

    /** When the function's metrics first show a record processed. */
    private static long awaitProcessing(int port) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : MicroBatchBench.scrape(port).split("\n")) {
                if (line.startsWith("tandem_microbatch_records_in_total{")
                        && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("The restarted function processed nothing within 120 s");
    }

    private static void produce(LocalStack stack, String topic, int rate, AtomicBoolean producing) {
        Random random = new Random(13);
        try (KafkaProducer<byte[], byte[]> producer = MicroBatchBench.producer(stack)) {
            long start = System.nanoTime();
            long sent = 0;
            while (producing.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    String store = "store-" + random.nextInt(1000);
                    producer.send(new ProducerRecord<>(topic, store.getBytes(StandardCharsets.UTF_8),
                            MicroBatchBench.order("r-" + sent, System.currentTimeMillis(), store, random)));
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
