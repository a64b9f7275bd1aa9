package dev.tandem.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.tandem.engine.batch.TimeRange;
import dev.tandem.localstack.LocalStack;
import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/**
 * A real micro-batch run that the batch tests recompute and reconcile: the packaged micro-batch
 * function, started as its own JVM against the test stack, reads a seeded stream of orders (with
 * disorder, duplicates, late and invalid records), lands its segments in S3 and emits FINAL results.
 * Done once per test JVM, before the batch application starts.
 */
public final class MicroBatchRun {

    /** Event time of the first order; late ones go back up to three minutes before it. */
    public static final Instant BASE = Instant.parse("2026-03-01T09:00:00Z");
    /** Every window of this range has closed in the micro-batch run (the stream goes on past it). */
    public static final TimeRange RANGE = new TimeRange(BASE.minus(Duration.ofMinutes(5)), BASE.plusSeconds(60));

    static PipelineDefinition definition;
    static Path pipelineFile;
    static List<OrderStream.Sent> sent;
    static ExpectedResults expected;
    private static FunctionProcess function;

    private MicroBatchRun() {
    }

    /** Writes the test pipeline (10 s windows, 5 s lateness) with its schemas into {@code dir}. */
    static Path writePipeline(Path dir) {
        // Retention long enough to keep this run's data (dated March 2026); the retention test adds older data.
        return ExamplePipeline.write(dir, "pipelines/orders-test.yaml", "orders.yaml",
                yaml -> yaml.replace("idlePartitionTimeout: 2s", "idlePartitionTimeout: 5s")
                        .replace("  raw: 30d", "  raw: 3650d").replace("  results: 400d", "  results: 3650d"));
    }

    static synchronized void run(LocalStack stack, Path dir) throws Exception {
        if (sent != null) {
            return;
        }
        pipelineFile = writePipeline(dir);
        definition = PipelineDefinitionLoader.load(pipelineFile);
        String jar = System.getProperty("test.microbatch.jar");
        Map<String, String> props = new HashMap<>(stack.quarkusConfig());
        props.put("tandem.pipeline.file", pipelineFile.toString());
        props.put("mp.messaging.incoming.source.topic", "orders");
        props.put("mp.messaging.incoming.source.group.id", "batch-tests");
        props.put("mp.messaging.incoming.source.max.poll.records", "300");
        props.put("tandem.microbatch.idle-check-interval", "1s");
        function = FunctionProcess.start(Path.of(jar), props, dir.resolve("microbatch.log"));
        function.awaitReady(Duration.ofSeconds(60));
        sent = OrderStream.send(stack.kafkaBootstrapServers(), "orders",
                OrderStream.generate(20261125L, 4_000, TestStack.SOURCE_PARTITIONS, BASE.toEpochMilli()));
        expected = ExpectedResults.of(sent, definition.window().size(), definition.allowedLateness(),
                definition.dedupeHorizon());
        Set<String> wanted = expected.cells.keySet().stream().filter(MicroBatchRun::inRange)
                .collect(Collectors.toCollection(TreeSet::new));
        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readUntil(stack.kafkaBootstrapServers(),
                "orders.results", r -> finals(r).containsAll(wanted), Duration.ofSeconds(120));
        if (!finals(read).containsAll(wanted)) {
            throw new IllegalStateException("The micro-batch function did not emit every FINAL result of " + RANGE
                    + " in time; see " + dir.resolve("microbatch.log"));
        }
    }

    static boolean inRange(String expectedKey) {
        long start = Instant.parse(expectedKey.split("\\|")[1]).toEpochMilli();
        return RANGE.containsWindow(new dev.tandem.shared.window.Window(start, start + 10_000));
    }

    private static Set<String> finals(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> keys = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (ResultRecord.parse(r.value()).status() == ResultStatus.FINAL) {
                keys.add(new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        return keys;
    }

    static void stop() throws InterruptedException {
        if (function != null) {
            function.kill();
        }
    }
}
