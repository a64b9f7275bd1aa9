package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.microbatch.testing.FunctionRuns;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.Pipelines;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;

/**
 * Catching up a backlog never closes a window early: the packaged function processes part of the
 * first quarter of a stream, stops (SIGTERM), the rest is produced, and it restarts with a 1 s idle
 * timeout and 64 MB fetches, so one partition's reads can keep the others waiting longer than the
 * timeout. A partition waiting for its turn is not idle — its FINAL results equal a clean run's.
 */
class BacklogRestartIT {

    private static final int EVENTS = 240_000;
    private static final int FIRST = EVENTS / 4;

    @Test
    void aRestartIntoABacklogGivesTheResultsOfACleanRun(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        Path jar = Path.of(System.getProperty("tandem.function.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).exists();
        Path pipelineFile = ExamplePipeline.write(dir, "pipelines/orders-test.yaml", "backlog.yaml",
                yaml -> yaml.replace("pipeline: orders", "pipeline: backlog").replace("  topic: orders", "  topic: backlog")
                        .replace("idlePartitionTimeout: 2s", "idlePartitionTimeout: 1s"));
        PipelineDefinition backlog = PipelineDefinitionLoader.load(pipelineFile);
        List<OrderStream.Event> events = OrderStream.generate(20261130L, EVENTS, FunctionRuns.PARTITIONS,
                Instant.parse("2026-06-01T08:00:00Z").toEpochMilli());
        stack.createTopics(Map.of(backlog.source().topic(), FunctionRuns.PARTITIONS, backlog.resultsTopic(), 3,
                backlog.deadLetterTopic(), 1));
        Map<String, String> props = new java.util.HashMap<>(
                FunctionRuns.properties(stack, pipelineFile, backlog, "backlog-it"));
        props.put("mp.messaging.incoming.source.max.poll.records", "20000");
        props.put("mp.messaging.incoming.source.max.partition.fetch.bytes", Integer.toString(64 << 20));
        props.put("mp.messaging.incoming.source.fetch.max.bytes", Integer.toString(64 << 20));
        Path log = dir.resolve("function.log");

        Map<Integer, Long> ends = new TreeMap<>();
        // The first quarter is produced in slices every 300 ms (about 20 s) while the function runs; it
        // is stopped (SIGTERM) early in that, while records are still coming, so no partition was ever
        // idle — and a graceful shutdown cannot reach the end of what is being produced. (One
        // left with nothing to read for the idle timeout would rightly close its windows, and records
        // produced for them afterwards would be late — unlike in a clean run.)
        CompletableFuture<Map<Integer, Long>> producing;
        try (FunctionProcess function = FunctionProcess.start(jar, props, log)) {
            function.awaitReady(Duration.ofSeconds(60));
            producing = CompletableFuture.supplyAsync(() -> FunctionRuns.paced(stack, backlog,
                    events.subList(0, FIRST)));
            assertThat(FunctionRuns.awaitProgress(stack, backlog, 3_000, Duration.ofSeconds(60))).isTrue();
        }
        ends.putAll(producing.get());
        assertThat(FunctionRuns.progress(stack, backlog)).as("stopped before the first quarter was processed")
                .isLessThan(FIRST);
        OrderStream.send(stack.kafkaBootstrapServers(), backlog.source().topic(), events.subList(FIRST, EVENTS))
                .forEach(s -> ends.merge(s.event().partition(), s.offset() + 1, Math::max));

        Map<String, String> cleanResults = FunctionRuns.cleanRun(stack, Pipelines.named("backlog-clean"), events);
        Map<String, String> restarted;
        try (FunctionProcess function = FunctionProcess.start(jar, props, log)) {
            function.awaitReady(Duration.ofSeconds(60));
            restarted = FunctionRuns.awaitResults(stack, backlog, ends, cleanResults.size(), Duration.ofSeconds(180));
        }

        assertThat(restarted.keySet()).as("windows FINAL").containsExactlyElementsOf(cleanResults.keySet());
        Map<String, String> after = restarted;
        List<String> differing = cleanResults.entrySet().stream()
                .filter(e -> !e.getValue().equals(after.get(e.getKey())))
                .map(e -> e.getKey() + "\n  clean:     " + e.getValue() + "\n  restarted: " + after.get(e.getKey()))
                .toList();
        assertThat(differing).as("windows whose FINAL values differ from a clean run's").isEmpty();
        assertThat(Files.readString(log)).as("the restart read the backlog in throughput-sized batches")
                .contains("catching up a backlog");
    }
}
