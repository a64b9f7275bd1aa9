package dev.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.definition.SegmentCodec;

/**
 * Two builds of the batch function, alternated over the same segments: the micro-batch function
 * lands one stream once, then each build recomputes it {@code rounds} times, A and B in turn, each
 * in a fresh JVM. Recompute times on this shared machine drift by a tenth between minutes; a
 * change to the batch path is read from alternated runs over the very same objects.
 *
 * <pre>
 * java -cp bench/target/tandem-bench.jar dev.tandem.bench.RecomputeAB A B [rounds] [events] [read-latency-ms]
 * </pre>
 *
 * <p>A and B are each a batch function's {@code quarkus-run.jar}, optionally followed by {@code |} and
 * extra JVM options, e.g. {@code 'functions/batch/target/quarkus-app/quarkus-run.jar|-Xmn400m'}.
 * With {@code read-latency-ms}, every GET of the recomputes waits that long on the S3 server first
 * ({@code S3Faults.readLatency}): reads as slow as a remote S3's.
 */
public final class RecomputeAB {

    private RecomputeAB() {
    }

    public static void main(String[] args) throws Exception {
        List<String[]> builds = List.of((args[0] + "|").split("\\|", -1), (args[1] + "|").split("\\|", -1));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int events = args.length > 3 ? Integer.parseInt(args[3]) : 2_000_000;
        Duration readLatency = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 0);
        Path dir = Files.createTempDirectory("tandem-recompute-ab-");
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            stack.createTopics(Map.of("bench", MicroBatchBench.PARTITIONS, "bench.results", MicroBatchBench.PARTITIONS,
                    "bench.dlq", 1));
            long baseMs = System.currentTimeMillis() - 3_600_000L;
            Map<Integer, Long> ends = MicroBatchBench.produce(stack, "bench", events, 0, baseMs);
            MicroBatchBench.function(Path.of("functions/microbatch/target/quarkus-app/quarkus-run.jar"), stack, dir,
                    "bench", ends, events, SegmentCodec.GZIP);
            Instant first = Instant.ofEpochMilli(baseMs - 60_000).truncatedTo(ChronoUnit.HOURS);
            stack.s3Faults().readLatency(readLatency);
            List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < 2; i++) {
                    int which = r % 2 == 0 ? i : 1 - i;
                    JsonNode n = BatchRunner.recompute(stack, dir, dir.resolve("bench.yaml"), "bench", first,
                            first.plus(Duration.ofHours(3)), "1g", Path.of(builds.get(which)[0]), builds.get(which)[1]);
                    seconds.get(which).add(n.get("seconds").asDouble());
                    // The compilers' and the collector's share beside it: a fresh JVM's JIT varies from run to run.
                    JsonNode cpu = n.get("threadCpuSecondsRecompute");
                    MicroBatchBench.log("%s round %d: %s s (JIT %.2f, GC %.2f CPU-s)", which == 0 ? "A" : "B", r + 1,
                            n.get("seconds"), cpu.path("jit-c1").asDouble() + cpu.path("jit-c2").asDouble(),
                            cpu.path("gc").asDouble());
                }
            }
            MicroBatchBench.log("A %s%nB %s (GETs delayed by %d ms: %d)", seconds.get(0), seconds.get(1),
                    readLatency.toMillis(), stack.s3Faults().delayedReads());
        }
    }
}
