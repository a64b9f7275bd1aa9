package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.microbatch.testing.FunctionRuns;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.Pipelines;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;

/**
 * Two instances of the packaged function in one consumer group: the second joins mid-stream (the
 * partitions are rebalanced between them), then the first leaves (all partitions move to the
 * second). The FINAL results must equal those of a clean run.
 */
class MicroBatchRebalanceIT {

    @Test
    void instancesJoiningAndLeavingMidStreamLeaveTheResultsOfACleanRun(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        Path jar = Path.of(System.getProperty("tandem.function.jar", "target/quarkus-app/quarkus-run.jar"));
        Path pipelineFile = FunctionRuns.writePipeline(dir, "rebalance");
        PipelineDefinition shared = PipelineDefinitionLoader.load(pipelineFile);
        PipelineDefinition clean = Pipelines.named("rebalance-clean");
        List<OrderStream.Event> events = OrderStream.generate(1717L, 24_000, FunctionRuns.PARTITIONS,
                Instant.parse("2026-05-02T08:00:00Z").toEpochMilli());
        stack.createTopics(Map.of(shared.source().topic(), FunctionRuns.PARTITIONS, shared.resultsTopic(), 3,
                shared.deadLetterTopic(), 1));
        Map<String, String> props = FunctionRuns.properties(stack, pipelineFile, shared, "rebalance-it");

        CompletableFuture<Map<Integer, Long>> produced = CompletableFuture
                .supplyAsync(() -> FunctionRuns.paced(stack, shared, events));
        try (FunctionProcess first = FunctionProcess.start(jar, props, dir.resolve("first.log"))) {
            first.awaitReady(Duration.ofSeconds(60));
            Thread.sleep(2_000);
            try (FunctionProcess second = FunctionProcess.start(jar, props, dir.resolve("second.log"))) {
                second.awaitReady(Duration.ofSeconds(60));
                Thread.sleep(2_500);
                first.close();
                Map<Integer, Long> ends = produced.get();
                Map<String, String> cleanResults = FunctionRuns.cleanRun(stack, clean, events);
                Map<String, String> results = FunctionRuns.awaitResults(stack, shared, ends, cleanResults.size(),
                        Duration.ofSeconds(120));

                assertThat(results).isEqualTo(cleanResults).isNotEmpty();
                assertThat(Files.readString(dir.resolve("second.log"))).as("the second instance took partitions over")
                        .containsPattern("Assigned rebalance-\\d, reading from \\d+");
            }
        }
    }
}
