package dev.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.SourceCoordinates;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.storage.SegmentKey;

/**
 * The batch function's memory bound: recompute over 2 M and over 20 M records with the same
 * windows × groups (1000 stores, the same 40 minutes of event time, so ten times the records per
 * window), with the same heap limit; peak RSS should stay about the same. What a run holds is the
 * range's (window, group) values, the segments being merged, and the ids within the dedupe
 * horizon (rate × horizon; the example's 10 minutes unless {@code --horizon} says otherwise). Segments are landed
 * directly (as the micro-batch would, 5000 records per segment), which is much faster than
 * producing 20 M events through the micro-batch function.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; java -cp bench/target/tandem-bench.jar dev.tandem.bench.BatchBench
 *     [--sizes 2000000,20000000] [--heap 1g] [--horizon 10m] [--codec gzip|zstd] [--out bench/results]
 * </pre>
 */
public final class BatchBench {

    static final int PARTITIONS = 4;
    static final int PER_SEGMENT = 5000;
    static final long SPAN_MS = 40 * 60_000L;

    private BatchBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("--sizes", "2000000,20000000", "--heap", "1g", "--horizon", "10m", "--out",
                "bench/results", "--codec", "gzip"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        Path dir = Files.createTempDirectory("tandem-batch-bench-");
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("when", Instant.now().toString());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode runs = out.putArray("runs");
        // A day back, so the events are well within the pipeline's raw retention of their produce time.
        Instant base = Instant.now().minus(java.time.Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            for (String size : opts.get("--sizes").split(",")) {
                int n = Integer.parseInt(size.trim());
                String name = "mem" + (n / 1_000_000) + "m";
                Path pipeline = MicroBatchBench.writePipeline(dir, name);
                // Dedupe remembers every id within its horizon behind the watermark: rate × horizon
                // ids — 5 M at 20 M records in 40 minutes with the example's 10 minutes, as 16-byte
                // digests. --horizon shortens it to see what the ids cost.
                Files.writeString(pipeline, Files.readString(pipeline).replace("horizon: 10m",
                        "horizon: " + opts.get("--horizon")));
                MicroBatchBench.log("landing %,d records as segments of pipeline %s", n, name);
                long t0 = System.nanoTime();
                land(stack, dir, name, n, base, SegmentCodec.ofLabel(opts.get("--codec")).orElseThrow());
                MicroBatchBench.log("landed in %.1f s; recomputing", (System.nanoTime() - t0) / 1e9);
                ObjectNode r = BatchRunner.recompute(stack, dir, pipeline, name, base.truncatedTo(ChronoUnit.HOURS),
                        base.plusMillis(SPAN_MS + 3_600_000L).truncatedTo(ChronoUnit.HOURS), opts.get("--heap"));
                r.put("events", n);
                runs.add(r);
                MicroBatchBench.log("%s", r);
            }
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                Batch recompute, memory bound: same windows × groups (1000 stores, %d minutes of 60 s windows), \
                dedupe horizon %s, %d partitions, heap %s, %d cores, %s

                | records | segments | windows × groups | seconds | records/s | peak RSS |
                |---:|---:|---:|---:|---:|---:|
                """, SPAN_MS / 60_000, opts.get("--horizon"), PARTITIONS, opts.get("--heap"), Runtime.getRuntime().availableProcessors(),
                Instant.now()));
        runs.forEach(r -> md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %.1f | %,d | %d MB |%n",
                r.get("records").asLong(), r.get("segments").asLong(), r.get("windows").asLong(),
                r.get("seconds").asDouble(), r.get("recordsPerSecond").asLong(),
                r.get("peakRssBytes").asLong() >> 20)));
        Path outDir = Path.of(opts.get("--out"));
        Files.createDirectories(outDir);
        Files.write(outDir.resolve("batch-memory.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(out));
        Files.writeString(outDir.resolve("batch-memory.md"), md.toString());
        System.out.println(md);
    }

    /** Lands {@code n} orders of 1000 stores over {@link #SPAN_MS} as segments of {@link #PER_SEGMENT} records. */
    static void land(LocalStack stack, Path dir, String name, int n, Instant base, SegmentCodec codec) throws Exception {
        Path bucket = dir.resolve("stack").resolve("s3").resolve(stack.bucket());
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<?>> work = new ArrayList<>();
        int perPartition = n / PARTITIONS;
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            work.add(pool.submit(() -> {
                Random random = new Random(partition);
                List<Envelope> batch = new ArrayList<>(PER_SEGMENT);
                long first = 0;
                for (int i = 0; i < perPartition; i++) {
                    long t = base.toEpochMilli() + (long) ((double) i / perPartition * SPAN_MS);
                    String store = "store-" + (random.nextInt(250) * PARTITIONS + partition);
                    String id = "o-" + partition + "-" + i;
                    byte[] value = MicroBatchBench.order(id, t, store, random);
                    batch.add(new Envelope(id, t, GroupKey.of(List.of(store)), new SourceCoordinates(name, partition, i),
                            t, 2, Optional.empty(), Json.mapper().readTree(value)));
                    if (batch.size() == PER_SEGMENT || i == perPartition - 1) {
                        for (Map.Entry<SegmentKey, List<Envelope>> e : RawSegment.split(name, codec, first, i, batch)
                                .entrySet()) {
                            // Straight into the S3 server's filesystem store: landing is not what is measured.
                            Path file = bucket.resolve(e.getKey().key());
                            Files.createDirectories(file.getParent());
                            Files.write(file, RawSegment.write(e.getValue(), codec));
                        }
                        batch.clear();
                        first = i + 1;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
    }
}
