package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.core.CheckpointRepository;
import dev.tandem.microbatch.core.FaultInjector;
import dev.tandem.microbatch.core.MicroBatchProcessor;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.microbatch.testing.MutableClock;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.Pipelines;
import dev.tandem.microbatch.testing.ProcessorDriver;
import dev.tandem.microbatch.testing.TestClients;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged function as a separate JVM, killed with SIGKILL at random moments three times
 * while a stream is being produced, and restarted each time: its FINAL results must equal those of
 * a clean run of the same stream, every emission of a result byte-identical, every record in.
 */
class MicroBatchKillIT {

    static final int PARTITIONS = 3;

    @Test
    void sigkillAtRandomMomentsLeavesTheResultsOfACleanRun(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        Path jar = Path.of(System.getProperty("tandem.function.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).exists();
        Path pipelineFile = writePipeline(dir, "kill");
        PipelineDefinition killed = PipelineDefinitionLoader.load(pipelineFile);
        PipelineDefinition clean = Pipelines.named("kill-clean");
        List<OrderStream.Event> events = OrderStream.generate(424242L, 24_000, PARTITIONS,
                Instant.parse("2026-05-01T08:00:00Z").toEpochMilli());
        for (PipelineDefinition d : List.of(killed, clean)) {
            stack.createTopics(Map.of(d.source().topic(), PARTITIONS, d.resultsTopic(), 3, d.deadLetterTopic(), 1));
        }

        Map<String, String> props = new HashMap<>(stack.quarkusConfig());
        props.put("tandem.pipeline.file", pipelineFile.toString());
        props.put("mp.messaging.incoming.source.topic", killed.source().topic());
        props.put("mp.messaging.incoming.source.group.id", "kill-it");
        props.put("mp.messaging.incoming.source.max.poll.records", "400");
        props.put("tandem.microbatch.idle-check-interval", "1s");
        Path log = dir.resolve("function.log");
        Random random = new Random(7);

        // Produce over about 8 s while the function is killed and restarted three times.
        CompletableFuture<Map<Integer, Long>> produced = CompletableFuture.supplyAsync(() -> paced(stack, killed, events));
        int kills = 0;
        FunctionProcess function = FunctionProcess.start(jar, props, log);
        try {
            function.awaitReady(Duration.ofSeconds(60));
            for (; kills < 3; kills++) {
                Thread.sleep(1_000 + random.nextInt(2_500));
                function.kill();
                function = FunctionProcess.start(jar, props, log);
                function.awaitReady(Duration.ofSeconds(60));
            }
            Map<Integer, Long> ends = produced.get();
            Map<String, String> cleanResults = cleanRun(stack, clean, events);

            CheckpointRepository checkpoints = new CheckpointRepository(new S3ObjectStore(TestClients.s3(stack),
                    stack.bucket()), killed.name(), killed.source().topic());
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Map<String, String> killedResults = Map.of();
            while (System.nanoTime() < deadline) {
                killedResults = finalResults(stack, killed);
                if (killedResults.size() >= cleanResults.size() && caughtUp(checkpoints, ends)) {
                    break;
                }
                Thread.sleep(1_000);
            }
            assertThat(kills).isEqualTo(3);
            assertThat(killedResults).isEqualTo(cleanResults).isNotEmpty();
            CheckpointRepository cleanCheckpoints = new CheckpointRepository(new S3ObjectStore(TestClients.s3(stack),
                    stack.bucket()), clean.name(), clean.source().topic());
            // States may differ in how far idle partitions' watermarks moved (processing time decides that);
            // every record must be in, and every window closed with the clean run's values.
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(checkpoints.latest(p).orElseThrow().nextOffset())
                        .as("next offset of partition %d", p).isEqualTo(cleanCheckpoints.latest(p).orElseThrow().nextOffset());
            }
            assertThat(Files.readString(log)).as("a restart resumed from a checkpoint")
                    .containsPattern("Assigned kill-\\d, reading from \\d+");
        } finally {
            function.close();
        }
    }

    private static boolean caughtUp(CheckpointRepository checkpoints, Map<Integer, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> checkpoints.latest(e.getKey())
                .map(c -> c.nextOffset() >= e.getValue()).orElse(false));
    }

    /** Sends in slices of 1000 every 300 ms; returns partition → end offset. */
    private static Map<Integer, Long> paced(LocalStack stack, PipelineDefinition d, List<OrderStream.Event> events) {
        Map<Integer, Long> ends = new TreeMap<>();
        for (int i = 0; i < events.size(); i += 1_000) {
            OrderStream.send(stack.kafkaBootstrapServers(), d.source().topic(),
                    events.subList(i, Math.min(events.size(), i + 1_000)))
                    .forEach(s -> ends.merge(s.event().partition(), s.offset() + 1, Math::max));
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return ends;
    }

    private static Map<String, String> cleanRun(LocalStack stack, PipelineDefinition d, List<OrderStream.Event> events)
            throws Exception {
        Map<Integer, Long> ends = new TreeMap<>();
        OrderStream.send(stack.kafkaBootstrapServers(), d.source().topic(), events)
                .forEach(s -> ends.merge(s.event().partition(), s.offset() + 1, Math::max));
        S3Client s3 = TestClients.s3(stack);
        MutableClock clock = new MutableClock(Instant.now());
        try (KafkaRecordSink sink = TestClients.sink(stack)) {
            MicroBatchProcessor processor = TestClients.processor(stack, s3, sink, d, FaultInjector.NONE, clock);
            try (ProcessorDriver driver = new ProcessorDriver(processor, FaultInjector.NONE,
                    stack.kafkaBootstrapServers(), PARTITIONS, 500)) {
                driver.runUntil(ends, Duration.ofSeconds(120));
            }
            clock.advance(Duration.ofHours(1));
            processor.advanceIdlePartitions();
        }
        return finalResults(stack, d);
    }

    private static Map<String, String> finalResults(LocalStack stack, PipelineDefinition d) {
        Map<String, Set<String>> values = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(stack.kafkaBootstrapServers(), d.resultsTopic())) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (value.contains("\"status\":\"FINAL\"")) {
                values.computeIfAbsent(TopicReader.key(r).substring(d.name().length()), k -> new HashSet<>())
                        .add(value.replace("\"" + d.name() + "\"", "\"P\""));
            }
        }
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            assertThat(v).as("FINAL emissions of %s in %s are byte-identical", k, d.name()).hasSize(1);
            out.put(k, v.iterator().next());
        });
        return out;
    }

    private static Path writePipeline(Path dir, String name) throws Exception {
        ClassLoader cl = MicroBatchKillIT.class.getClassLoader();
        for (String schema : List.of("orders.v1.schema.json", "orders.v2.schema.json")) {
            try (var in = cl.getResourceAsStream("pipelines/" + schema)) {
                Files.write(dir.resolve(schema), in.readAllBytes());
            }
        }
        String yaml;
        try (var in = cl.getResourceAsStream("pipelines/orders-test.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        yaml = yaml.replace("pipeline: orders", "pipeline: " + name).replace("  topic: orders", "  topic: " + name)
                .replace("idlePartitionTimeout: 2s", "idlePartitionTimeout: 5s");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
