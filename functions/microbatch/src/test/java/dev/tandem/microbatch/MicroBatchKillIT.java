package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.engine.microbatch.CheckpointRepository;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.microbatch.testing.FunctionRuns;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.Pipelines;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.state.StateLayout;

/**
 * The packaged function as a separate JVM, killed with SIGKILL at random moments three times
 * while a stream is being produced, and restarted each time: its FINAL results must equal those of
 * a clean run of the same stream, every emission of a result byte-identical, every record in.
 */
class MicroBatchKillIT {

    @Test
    void sigkillAtRandomMomentsLeavesTheResultsOfACleanRun(@TempDir Path dir) throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        Path jar = Path.of(System.getProperty("tandem.function.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).exists();
        Path pipelineFile = FunctionRuns.writePipeline(dir, "kill");
        PipelineDefinition killed = PipelineDefinitionLoader.load(pipelineFile);
        PipelineDefinition clean = Pipelines.named("kill-clean");
        List<OrderStream.Event> events = OrderStream.generate(424242L, 48_000, FunctionRuns.PARTITIONS,
                Instant.parse("2026-05-01T08:00:00Z").toEpochMilli());
        stack.createTopics(Map.of(killed.source().topic(), FunctionRuns.PARTITIONS, killed.resultsTopic(), 3,
                killed.deadLetterTopic(), 1));
        Map<String, String> props = new java.util.HashMap<>(
                FunctionRuns.properties(stack, pipelineFile, killed, "kill-it"));
        // Static group membership, as a restarted container in the same pod has (its name is the id): the
        // coordinator hands the restarted instance its partitions at once instead of waiting for the dead
        // member's session to time out. -Dtandem.kill-it.instance-id= (empty) measures without it.
        String instanceId = System.getProperty("tandem.kill-it.instance-id", "kill-it-instance");
        if (!instanceId.isEmpty()) {
            props.put("mp.messaging.incoming.source.group.instance.id", instanceId);
        }
        List<Long> recoveryMs = new java.util.ArrayList<>();
        Path log = dir.resolve("function.log");
        Random random = new Random(7);

        // Produce over about 8 s (the function catches up afterwards) while it is killed and restarted three times.
        CompletableFuture<Map<Integer, Long>> produced = CompletableFuture
                .supplyAsync(() -> FunctionRuns.paced(stack, killed, events));
        int kills = 0;
        int killedWhileProcessing = 0;
        FunctionProcess function = FunctionProcess.start(jar, props, log);
        try {
            function.awaitReady(Duration.ofSeconds(60));
            for (; kills < 3; kills++) {
                // Kill only once this instance processes: between its own checkpoints, at a random moment.
                if (FunctionRuns.awaitProgress(stack, killed, FunctionRuns.progress(stack, killed), Duration.ofSeconds(30))) {
                    killedWhileProcessing++;
                }
                Thread.sleep(200 + random.nextInt(1_500));
                long killedAt = System.nanoTime();
                function.kill();
                function = FunctionProcess.start(jar, props, log);
                // Ready means its partitions are assigned and restored: it processes from here on.
                function.awaitReady(Duration.ofSeconds(60));
                recoveryMs.add((System.nanoTime() - killedAt) / 1_000_000);
            }
            System.out.println("[kill-it] SIGKILL -> partitions assigned and restored, ms: " + recoveryMs
                    + (instanceId.isEmpty() ? " (dynamic membership)" : " (static membership)"));
            Map<Integer, Long> ends = produced.get();
            Map<String, String> cleanResults = FunctionRuns.cleanRun(stack, clean, events);
            Map<String, String> killedResults = FunctionRuns.awaitResults(stack, killed, ends, cleanResults.size(),
                    Duration.ofSeconds(120));

            assertThat(kills).isEqualTo(3);
            // Target 10 s (a new JVM starting is most of it); the bound is generous for a loaded CI machine.
            assertThat(recoveryMs).as("SIGKILL to processing again, ms")
                    .allSatisfy(ms -> assertThat(ms).isLessThan(30_000));
            assertThat(killedWhileProcessing).as("kills of an instance that was processing").isGreaterThanOrEqualTo(2);
            assertThat(killedResults).isEqualTo(cleanResults).isNotEmpty();
            assertThat(FunctionRuns.deadLetters(stack, killed)).as("each invalid record dead-lettered once")
                    .isEqualTo(FunctionRuns.deadLetters(stack, clean)).isNotEmpty().doesNotHaveDuplicates();
            // States may differ in how far idle partitions' watermarks moved (processing time decides
            // that); every record must be in, and every window closed with the clean run's values.
            CheckpointRepository checkpoints = FunctionRuns.checkpoints(stack, killed);
            CheckpointRepository cleanCheckpoints = FunctionRuns.checkpoints(stack, clean);
            StateLayout layout = StateLayout.of(killed);
            for (int p = 0; p < FunctionRuns.PARTITIONS; p++) {
                assertThat(checkpoints.restore(p, layout).orElseThrow().nextOffset()).as("next offset of partition %d", p)
                        .isEqualTo(cleanCheckpoints.restore(p, layout).orElseThrow().nextOffset());
            }
            assertThat(Files.readString(log)).as("a restart resumed from a checkpoint")
                    .containsPattern("Assigned kill-\\d, reading from \\d+");
        } finally {
            function.close();
        }
    }
}
