package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.localstack.S3Faults;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.microbatch.testing.FunctionRuns;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.Pipelines;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;

/**
 * The fault suite: the packaged function processes a stream (out of order, late, duplicates,
 * invalid records) while the broker restarts, the S3 server stops for 30 s, every S3 write takes
 * 500 ms, or the S3 server's disk is full. Nothing restarts the function: each time it must come
 * through on its own with every FINAL equal to a clean run's, every dead letter once, every offset
 * checkpointed, and readiness DOWN while it cannot make progress.
 */
@Tag("faults")
class FaultsIT {

    private static final int EVENTS = 18_000;

    @TempDir
    Path dir;

    @Test
    void aBrokerRestartMidStreamLeavesTheResultsOfACleanRun() throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        runThrough("fault-broker", (function, killed) -> {
            stack.kafkaRestart(Duration.ofSeconds(5));
            return "broker down 5 s";
        });
    }

    @Test
    void s3StoppedForThirtySecondsTakesReadinessDownAndLosesNothing() throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        runThrough("fault-s3-down", (function, d) -> {
            boolean down;
            try (AutoCloseable outage = stack.s3Outage()) {
                down = awaitReadiness(function, false, Duration.ofSeconds(25));
                Thread.sleep(30_000);
            }
            assertThat(down).as("readiness DOWN while S3 is unreachable").isTrue();
            assertThat(awaitReadiness(function, true, Duration.ofSeconds(90))).as("ready again, unattended").isTrue();
            return "S3 down 30 s";
        });
    }

    @Test
    void slowS3WritesDegradeFreshnessButLoseNothing() throws Exception {
        S3Faults faults = LocalStackTestResource.stack().s3Faults();
        long before = faults.delayedWrites();
        try {
            runThrough("fault-s3-slow", (function, d) -> {
                faults.writeLatency(Duration.ofMillis(500));
                // The first scrape waits until the PUTs and batches begun before the writes slowed down
                // have ended: counted, their fast writes would pull the means below what a slow write
                // takes (a CI run saw a mean PUT of 0.43 s when it scraped just before slowing writes).
                Thread.sleep(3_000);
                String from = metrics(function);
                Thread.sleep(12_000);
                String slow = metrics(function);
                faults.clear();
                // Freshness degrades, and the function's own metrics say why: every batch waits for its
                // segment and checkpoint PUTs.
                double put = mean(from, slow, "tandem_microbatch_s3_put_seconds");
                double batch = mean(from, slow, "tandem_microbatch_batch_duration_seconds");
                assertThat(put).as("mean S3 PUT latency while slow, s").isGreaterThanOrEqualTo(0.5);
                assertThat(batch).as("mean micro-batch duration while slow, s").isGreaterThanOrEqualTo(0.9);
                return String.format("500 ms per S3 write for 15 s (mean PUT %.2f s, mean batch %.2f s)", put, batch);
            });
        } finally {
            faults.clear();
        }
        assertThat(faults.delayedWrites() - before).as("writes that waited 500 ms").isGreaterThan(10);
    }

    @Test
    void aFullS3DiskTakesReadinessDownAndProcessingResumesUnattendedOnceThereIsSpace() throws Exception {
        S3Faults faults = LocalStackTestResource.stack().s3Faults();
        try {
            runThrough("fault-s3-full", (function, d) -> {
                long refused = faults.refusedWrites();
                faults.diskFull(true);
                boolean down = awaitReadiness(function, false, Duration.ofSeconds(25));
                Thread.sleep(10_000);
                faults.diskFull(false);
                assertThat(faults.refusedWrites()).as("writes refused").isGreaterThan(refused);
                assertThat(down).as("readiness DOWN while the disk is full").isTrue();
                assertThat(awaitReadiness(function, true, Duration.ofSeconds(90))).as("ready again, unattended").isTrue();
                return "S3 disk full for 10 s";
            });
        } finally {
            faults.clear();
        }
    }

    /** What a test does to the stack while the function processes; returns a line for the log. */
    @FunctionalInterface
    private interface Fault {
        String inject(FunctionProcess function, PipelineDefinition d) throws Exception;
    }

    /**
     * Runs the function over the stream, injects the fault once it has checkpointed progress, and
     * compares everything with a clean in-JVM run of the same events.
     */
    private void runThrough(String name, Fault fault) throws Exception {
        LocalStack stack = LocalStackTestResource.stack();
        Path jar = Path.of(System.getProperty("tandem.function.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).exists();
        Path pipelineFile = FunctionRuns.writePipeline(dir, name);
        PipelineDefinition d = PipelineDefinitionLoader.load(pipelineFile);
        PipelineDefinition clean = Pipelines.named(name + "-clean");
        List<OrderStream.Event> events = OrderStream.generate(name.hashCode(), EVENTS, FunctionRuns.PARTITIONS,
                Instant.parse("2026-05-01T08:00:00Z").toEpochMilli());
        stack.createTopics(Map.of(d.source().topic(), FunctionRuns.PARTITIONS, d.resultsTopic(), 3,
                d.deadLetterTopic(), 1));
        Map<String, String> props = new HashMap<>(FunctionRuns.properties(stack, pipelineFile, d, name));
        Path log = dir.resolve(name + ".log");
        try (FunctionProcess function = FunctionProcess.start(jar, props, log)) {
            function.awaitReady(Duration.ofSeconds(60));
            CompletableFuture<Map<Integer, Long>> produced = CompletableFuture
                    .supplyAsync(() -> FunctionRuns.paced(stack, d, events));
            assertThat(FunctionRuns.awaitProgress(stack, d, 0, Duration.ofSeconds(60))).as("processing began").isTrue();
            String what = fault.inject(function, d);
            Map<Integer, Long> ends = produced.get();
            Map<String, String> cleanResults = FunctionRuns.cleanRun(stack, clean, events);
            Map<String, String> results = FunctionRuns.awaitResults(stack, d, ends, cleanResults.size(),
                    Duration.ofSeconds(180));
            System.out.printf("[faults] %s: %s; %d FINALs, %d dead letters%n", name, what, results.size(),
                    FunctionRuns.deadLetters(stack, d).size());

            assertThat(function.isAlive()).as("the function came through without a restart").isTrue();
            assertThat(results).as("FINAL results after: %s", what).isEqualTo(cleanResults).isNotEmpty();
            assertThat(FunctionRuns.deadLetters(stack, d)).as("each invalid record dead-lettered once")
                    .isEqualTo(FunctionRuns.deadLetters(stack, clean)).isNotEmpty().doesNotHaveDuplicates();
            var checkpoints = FunctionRuns.checkpoints(stack, d);
            var layout = dev.tandem.shared.state.StateLayout.of(d);
            ends.forEach((p, end) -> assertThat(checkpoints.restore(p, layout).orElseThrow().nextOffset())
                    .as("next offset of partition %d", p).isEqualTo(end));
            // Every failure was logged, and no secret with it (both are passed to the process as properties).
            assertThat(Files.readString(log)).doesNotContain(stack.s3SecretKey())
                    .doesNotContain(stack.quarkusConfig().get("tandem.masking.key"));
        } catch (AssertionError | Exception e) {
            System.out.println("[faults] " + name + " failed; the function's log:\n" + tail(log));
            throw e;
        }
    }

    private static String metrics(FunctionProcess function) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + function.port() + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The mean of a timer between two scrapes: the difference of its sums over that of its counts. */
    private static double mean(String before, String after, String timer) {
        double count = value(after, timer + "_count") - value(before, timer + "_count");
        assertThat(count).as("%s observations between the scrapes", timer).isPositive();
        return (value(after, timer + "_sum") - value(before, timer + "_sum")) / count;
    }

    private static double value(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + name + " in the function's metrics");
    }

    /** Polls readiness until it is {@code ready}; false if it never was within the timeout. */
    private static boolean awaitReadiness(FunctionProcess function, boolean ready, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (function.ready() == ready) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
