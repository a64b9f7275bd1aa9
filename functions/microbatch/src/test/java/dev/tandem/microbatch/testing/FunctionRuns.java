package dev.tandem.microbatch.testing;

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
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStack;
import dev.tandem.engine.microbatch.CheckpointRepository;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.decode.DeadLetterHeaders;
import software.amazon.awssdk.services.s3.S3Client;

/** What the tests that run the packaged function as separate JVMs share. */
public final class FunctionRuns {

    public static final int PARTITIONS = 3;

    private FunctionRuns() {
    }

    /** The test pipeline named {@code name} (topic {@code name}) written to {@code dir} with its schemas. */
    public static Path writePipeline(Path dir, String name) {
        return ExamplePipeline.write(dir, "pipelines/orders-test.yaml", name + ".yaml",
                yaml -> yaml.replace("pipeline: orders", "pipeline: " + name).replace("  topic: orders", "  topic: " + name)
                        .replace("idlePartitionTimeout: 2s", "idlePartitionTimeout: 5s"));
    }

    /** Configuration for a function process running {@code pipelineFile} in consumer group {@code group}. */
    public static Map<String, String> properties(LocalStack stack, Path pipelineFile, PipelineDefinition d, String group) {
        Map<String, String> props = new HashMap<>(stack.quarkusConfig());
        props.put("tandem.pipeline.file", pipelineFile.toString());
        props.put("mp.messaging.incoming.source.topic", d.source().topic());
        props.put("mp.messaging.incoming.source.group.id", group);
        props.put("mp.messaging.incoming.source.max.poll.records", "400");
        props.put("tandem.microbatch.idle-check-interval", "1s");
        // A SIGKILLed member leaves the group only when its session times out: keep that short.
        props.put("mp.messaging.incoming.source.session.timeout.ms", "6000");
        props.put("mp.messaging.incoming.source.heartbeat.interval.ms", "1000");
        return props;
    }

    /** Sends in slices of 1000 every 300 ms; returns partition → end offset. */
    public static Map<Integer, Long> paced(LocalStack stack, PipelineDefinition d, List<OrderStream.Event> events) {
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

    /** The FINAL results of the same events processed once, in this JVM, without interruption. */
    public static Map<String, String> cleanRun(LocalStack stack, PipelineDefinition d, List<OrderStream.Event> events)
            throws Exception {
        stack.createTopics(Map.of(d.source().topic(), PARTITIONS, d.resultsTopic(), 3, d.deadLetterTopic(), 1));
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

    /** Waits until the function has checkpointed every record and emitted as many FINALs as expected. */
    public static Map<String, String> awaitResults(LocalStack stack, PipelineDefinition d, Map<Integer, Long> ends,
            int expectedFinals, Duration timeout) throws InterruptedException {
        CheckpointRepository checkpoints = checkpoints(stack, d);
        StateLayout layout = StateLayout.of(d);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> results = Map.of();
        while (System.nanoTime() < deadline) {
            results = finalResults(stack, d);
            boolean caughtUp = ends.entrySet().stream().allMatch(e -> checkpoints.restore(e.getKey(), layout)
                    .map(c -> c.nextOffset() >= e.getValue()).orElse(false));
            if (results.size() >= expectedFinals && caughtUp) {
                break;
            }
            Thread.sleep(1_000);
        }
        return results;
    }

    /** The sum of the partitions' checkpointed next offsets: how far the function has got. */
    public static long progress(LocalStack stack, PipelineDefinition d) {
        CheckpointRepository checkpoints = checkpoints(stack, d);
        StateLayout layout = StateLayout.of(d);
        long sum = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            sum += checkpoints.restore(p, layout).map(CheckpointRepository.Restored::nextOffset).orElse(0L);
        }
        return sum;
    }

    /** Waits until the function checkpoints beyond {@code from}; false if it did not within the timeout. */
    public static boolean awaitProgress(LocalStack stack, PipelineDefinition d, long from, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress(stack, d) <= from) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    public static CheckpointRepository checkpoints(LocalStack stack, PipelineDefinition d) {
        return new CheckpointRepository(new S3ObjectStore(TestClients.s3(stack), stack.bucket()), d.name(),
                d.source().topic());
    }

    /** Every dead letter of the pipeline as source partition@offset:reason, sorted: duplicates show twice. */
    public static List<String> deadLetters(LocalStack stack, PipelineDefinition d) {
        List<String> out = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(stack.kafkaBootstrapServers(), d.deadLetterTopic())) {
            out.add(TopicReader.header(r, DeadLetterHeaders.PARTITION) + "@" + TopicReader.header(r, DeadLetterHeaders.OFFSET)
                    + ":" + TopicReader.header(r, DeadLetterHeaders.REASON));
        }
        out.sort(null);
        return out;
    }

    /** Window|group|partition → the one distinct FINAL value, pipeline name removed; fails on conflicting FINALs. */
    public static Map<String, String> finalResults(LocalStack stack, PipelineDefinition d) {
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
}
