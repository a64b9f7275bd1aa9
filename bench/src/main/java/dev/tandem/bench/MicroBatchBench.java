package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.definition.SegmentCodec;

/**
 * The micro-batch function end to end against its baselines, in one run on the embedded stack:
 * 2 M orders (1000 stores, 60 s tumbling windows, 30 s lateness, dedupe, count/sum/min/max) are
 * produced once, then consumed by (a) a bare KafkaConsumer (the ceiling), (b) a Jackson + HashMap
 * consumer (the floor of the real work) and (c) the packaged micro-batch function, which also
 * validates, masks, lands segments in S3, checkpoints and emits results. Then the function's
 * freshness is measured at a fixed rate.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; java -cp bench/target/tandem-bench.jar dev.tandem.bench.MicroBatchBench
 *     [--events 2000000] [--rate 20000] [--warmup 15] [--seconds 30] [--out bench/results] [--only-function false]
 *     [--flink bench/flink]  (runs (e), Apache Flink, when mvn -B -q -Pflink install -DskipTests has built it)
 *     [--codec gzip]  (the pipeline's landing.codec; zstd writes microbatch-zstd.{json,md})
 *     [--pairs 1]  (with (e): run (c) and (e) again in that many pairs in all, each over a fresh copy of the topic,
 *                   with (b′) and (d) beside each pair's (c))
 *     [--put-latency-ms 0]  (every object write after producing waits this long in the S3 server, as a remote
 *                   store's PUTs do; writes microbatch-put&lt;N&gt;ms.{json,md})
 * </pre>
 */
public final class MicroBatchBench {

    static final int PARTITIONS = 4;
    /** Full checkpoints ({@code <next>.ckpt}) and deltas ({@code <next>-from-<base>.delta}) both end at their next offset. */
    static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})(\\.ckpt|-from-\\d{20}\\.delta)");

    private MicroBatchBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("--events", "2000000", "--rate", "20000", "--seconds", "30", "--warmup", "15",
                "--out", "bench/results", "--only-function", "false", "--jar", "functions/microbatch/target/quarkus-app/quarkus-run.jar",
                "--flink", "bench/flink", "--codec", "gzip", "--pairs", "1"));
        opts.put("--put-latency-ms", "0");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        int events = Integer.parseInt(opts.get("--events"));
        int rate = Integer.parseInt(opts.get("--rate"));
        int seconds = Integer.parseInt(opts.get("--seconds"));
        int warmup = Integer.parseInt(opts.get("--warmup"));
        Path jar = Path.of(opts.get("--jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -q install -DskipTests first");
        }
        Path dir = Files.createTempDirectory("tandem-bench-");
        ObjectNode result = Json.mapper().createObjectNode();
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            stack.createTopics(Map.of("bench", PARTITIONS, "bench.results", PARTITIONS, "bench.dlq", 1,
                    "bench-live", PARTITIONS, "bench-live.results", PARTITIONS, "bench-live.dlq", 1));
            log("producing %,d events", events);
            long t0 = System.nanoTime();
            long baseMs = System.currentTimeMillis() - 3_600_000L;
            Map<Integer, Long> ends = produce(stack, "bench", events, 0, baseMs);
            log("produced in %.1f s", (System.nanoTime() - t0) / 1e9);
            // As a remote object store answers: every object write from here on waits this long.
            long putLatencyMs = Long.parseLong(opts.get("--put-latency-ms"));
            stack.s3Faults().writeLatency(Duration.ofMillis(putLatencyMs));
            result.put("putLatencyMs", putLatencyMs);

            // A quick look while tuning (--only-function) runs (b) and (c) only.
            boolean quick = Boolean.parseBoolean(opts.get("--only-function"));
            JsonNode ceiling = quick ? null : baseline("ceiling", stack, events);
            JsonNode floor = baseline("floor", stack, events);
            SegmentCodec codec = SegmentCodec.ofLabel(opts.get("--codec")).orElseThrow(
                    () -> new IllegalArgumentException("--codec: gzip or zstd"));
            // (b') lands with the codec (c) lands with: like with like.
            String landingMode = codec == SegmentCodec.GZIP ? "landing" : "landing-zstd";
            JsonNode landing = quick ? null : baseline(landingMode, stack, events);
            JsonNode function = function(jar, stack, dir, "bench", ends, events, codec);
            ((ObjectNode) function).put("landingCodec", codec.label());
            log("(c) %s", function);
            Path flinkModule = Path.of(opts.get("--flink"));
            ObjectNode flink = null;
            if (FlinkComparison.built(flinkModule)) {
                flink = FlinkComparison.run(flinkModule, stack, "bench", events, dir);
                log("(e) %s", flink);
                flink.set("agreement", FlinkComparison.compare(stack, "bench.results",
                        Path.of(flink.get("windowsFile").asText())));
                log("(e) agreement with (c): %s", flink.get("agreement"));
                flink.remove("windowsFile");
            } else {
                log("(e) skipped: build Apache Flink's job first (mvn -B -q -Pflink install -DskipTests)");
            }
            // The batch rhythm over the segments (c) just landed: recompute of the whole stream.
            JsonNode batch = quick ? null : recompute(stack, dir, "bench", baseMs);
            ArrayNode pairs = Json.mapper().createArrayNode();
            if (flink != null) {
                pairs.add(pair(1, false, function, flink, landing, batch));
                for (int r = 2; r <= Integer.parseInt(opts.get("--pairs")); r++) {
                    pairs.add(repeatPair(jar, stack, dir, r, events, baseMs, codec, flinkModule, r % 2 == 0,
                            quick ? null : landingMode));
                }
            }
            if (quick) {
                // Nothing written.
                log("(c) / (b) = %.3f", function.get("records").asDouble() / function.get("seconds").asDouble()
                        / (floor.get("records").asDouble() / floor.get("seconds").asDouble()));
                if (flink != null) {
                    log("records per CPU-second, start-up included: (c) / (e) = %.3f, pairs %s, median %.3f",
                            cpuEfficiency(function, flink), pairs, medianRatio(pairs));
                }
                return;
            }
            JsonNode freshness = freshness(jar, stack, dir, rate, warmup, seconds, codec);

            double a = ceiling.get("records").asDouble() / ceiling.get("seconds").asDouble();
            double b = floor.get("records").asDouble() / floor.get("seconds").asDouble();
            double bLanding = landing.get("records").asDouble() / landing.get("seconds").asDouble();
            double c = function.get("records").asDouble() / function.get("seconds").asDouble();
            double d = batch.get("recordsPerSecond").asDouble();
            result.put("when", Instant.now().toString());
            result.put("events", events);
            result.put("cores", Runtime.getRuntime().availableProcessors());
            result.set("ceiling", ceiling);
            result.set("floor", floor);
            result.set("landing", landing);
            result.set("function", function);
            result.set("batch", batch);
            result.set("freshness", freshness);
            String flinkRows = "";
            if (flink != null) {
                result.set("flink", flink);
                double e = flink.get("records").asDouble() / flink.get("seconds").asDouble();
                double efficiency = cpuEfficiency(function, flink);
                result.put("functionToFlinkCpuEfficiency", Math.round(efficiency * 1000) / 1000.0);
                result.set("cpuEfficiencyPairs", pairs);
                double median = medianRatio(pairs);
                result.put("functionToFlinkCpuEfficiencyMedian", Math.round(median * 1000) / 1000.0);
                double landingMedian = median(pairs, "functionToLanding");
                double batchMedian = median(pairs, "batchToFunction");
                result.put("functionToLandingMedian", Math.round(landingMedian * 1000) / 1000.0);
                result.put("batchToFunctionMedian", Math.round(batchMedian * 100) / 100.0);
                StringBuilder pairRows = new StringBuilder();
                for (JsonNode pr : pairs) {
                    pairRows.append(String.format(Locale.ROOT, "| %d%s | %.1f | %.1f | %.2f | %.2f | %.1f |%n", pr.get("pair").asInt(),
                            pr.get("flinkFirst").asBoolean() ? " ((e) first)" : "", pr.get("functionCpuSecondsWithStart").asDouble(),
                            pr.get("flinkCpuSecondsWithStart").asDouble(), pr.get("ratio").asDouble(),
                            pr.get("functionToLanding").asDouble(), pr.get("batchToFunction").asDouble()));
                }
                flinkRows = String.format(Locale.ROOT, """

                        (e) Apache Flink %s, the same job (dedupe by id in keyed state, 60 s tumbling event-time windows, \
                        30 s bounded out-of-orderness, count and exact sum/min/max), local MiniCluster at parallelism %d, \
                        no checkpoints: %,.0f records/s (%.2f of (b); (c) / (e) = %.2f), peak RSS %d MB. Its results equal \
                        (c)'s: %d FINALs of (c) compared, %d differ (Flink also flushes the %d windows still open in (c) \
                        when the run stops).

                        | records per CPU-second, JVM start-up included | (c) Tandem | (e) Flink | (c) / (e) |
                        |---|---:|---:|---:|
                        | whole process | %,.0f | %,.0f | **%.2f** |

                        The S3 server used %.1f µs of CPU per record landed by (c) (a lower bound: its Jetty threads); \
                        (c)'s own process %.1f µs, start-up included.

                        The same two jobs run again in pairs within this run, each pair over its own copy of the \
                        topic, alternating which goes first (CPU-seconds of each process, start-up included): \
                        the median ratio of %d pair(s) is **%.2f**. Each pair also runs (b′) and (d) over its copy \
                        of the topic and its (c)'s segments, so the wall-clock ratios, which this shared machine's \
                        drift moves most, are read from neighbouring runs too: median (c) / (b′) **%.2f**, \
                        (d) / (c) **%.1f**.

                        | pair | (c) CPU-s | (e) CPU-s | (c) / (e), records per CPU-s | (c) / (b′), records/s | (d) / (c), records/s |
                        |---:|---:|---:|---:|---:|---:|
                        %s""", "2.2.1", flink.get("parallelism").asInt(), e, e / b, c / e, flink.get("peakRssBytes").asLong() >> 20,
                        flink.at("/agreement/tandemFinals").asInt(), flink.at("/agreement/mismatches").asInt(),
                        flink.at("/agreement/flinkWindows").asInt() - flink.at("/agreement/tandemFinals").asInt(),
                        events / function.get("functionCpuSecondsWithStart").asDouble(),
                        events / flink.get("cpuSecondsWithStart").asDouble(), efficiency,
                        function.get("s3CpuMicrosPerRecord").asDouble(),
                        function.get("functionCpuSecondsWithStart").asDouble() / events * 1e6,
                        pairs.size(), median, landingMedian, batchMedian, pairRows);
            }
            result.put("batchToFunction", Math.round(d / c * 100) / 100.0);
            result.put("batchToFloor", Math.round(d / b * 1000) / 1000.0);
            result.put("functionToFloor", Math.round(c / b * 1000) / 1000.0);
            result.put("functionToCeiling", Math.round(c / a * 1000) / 1000.0);
            result.put("functionToLanding", Math.round(c / bLanding * 1000) / 1000.0);
            String md = String.format(Locale.ROOT, """
                    Micro-batch function end to end, %,d events, %d partitions, %d cores, segments landed as %s%s, %s

                    | consumer | records/s | ratio to (b) | peak RSS |
                    |---|---:|---:|---:|
                    | (a) KafkaConsumer, deserialize only (ceiling) | %,.0f | %.2f | %d MB |
                    | (b) Jackson parse + HashMap count/sum/min/max (floor) | %,.0f | 1.00 | %d MB |
                    | (b′) the floor plus landing each poll's values in S3 as %s NDJSON | %,.0f | %.2f | %d MB |
                    | (c) Tandem micro-batch function: validate, mask, land in S3, dedupe, aggregate, checkpoint, emit | %,.0f | **%.2f** | %d MB |
                    | (d) Tandem batch function: recompute of (c)'s segments (read, merge by offset, dedupe, aggregate, write results) | %,.0f | %.2f (%.1f × (c)) | %d MB |

                    (c) / (b′) = %.2f: against a floor that also lands its input in S3.

                    Freshness of (c) at %,d events/s (produce → effect checkpointed, result emitted or updatable), %d s after a %d s warm-up: p50 ≤ %.0f ms, p99 ≤ %.0f ms (histogram bucket bounds); over the whole run from a cold start: p50 ≤ %.0f ms, p99 ≤ %.0f ms.
                    """, events, PARTITIONS, Runtime.getRuntime().availableProcessors(), codec.label(),
                    putLatencyMs == 0 ? "" : ", every object write held " + putLatencyMs + " ms (as a remote store answers)",
                    Instant.now(),
                    a, a / b, ceiling.get("peakRssBytes").asLong() >> 20,
                    b, floor.get("peakRssBytes").asLong() >> 20,
                    codec.label(), bLanding, bLanding / b, landing.get("peakRssBytes").asLong() >> 20,
                    c, c / b, function.get("peakRssBytes").asLong() >> 20,
                    d, d / b, d / c, batch.get("peakRssBytes").asLong() >> 20,
                    c / bLanding,
                    rate, seconds, warmup, freshness.get("p50Ms").asDouble(), freshness.get("p99Ms").asDouble(),
                    freshness.get("withStartP50Ms").asDouble(), freshness.get("withStartP99Ms").asDouble()) + flinkRows;
            Path out = Path.of(opts.get("--out"));
            Files.createDirectories(out);
            // The default codec's run is microbatch.{json,md}; another codec's beside it, named for it.
            String name = (codec == SegmentCodec.GZIP ? "microbatch" : "microbatch-" + codec.label())
                    + (putLatencyMs == 0 ? "" : "-put" + putLatencyMs + "ms");
            Files.write(out.resolve(name + ".json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
            Files.writeString(out.resolve(name + ".md"), md);
            System.out.println(md);
        }
    }

    /** Orders keyed by store (1000 stores), event times advancing with ±5 s disorder, 1% re-sent duplicates. */
    static Map<Integer, Long> produce(LocalStack stack, String topic, int n, long seed, long baseMs) {
        Random random = new Random(seed);
        Map<Integer, Long> ends = new HashMap<>();
        List<byte[]> recent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            for (int i = 0; i < n; i++) {
                byte[] value;
                String store = "store-" + random.nextInt(1000);
                if (random.nextInt(100) == 0 && !recent.isEmpty()) {
                    value = recent.get(random.nextInt(recent.size()));
                    store = Json.mapper().readTree(value).get("storeId").asText();
                } else {
                    long t = baseMs + i + random.nextInt(10_000) - 5_000;
                    value = order("o-" + seed + "-" + i, t, store, random);
                    if (recent.size() < 1000) {
                        recent.add(value);
                    } else {
                        recent.set(random.nextInt(1000), value);
                    }
                }
                producer.send(new ProducerRecord<>(topic, store.getBytes(StandardCharsets.UTF_8), value),
                        (md, e) -> {
                            if (md != null) {
                                synchronized (ends) {
                                    ends.merge(md.partition(), md.offset() + 1, Math::max);
                                }
                            }
                        });
            }
            producer.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ends;
    }

    static byte[] order(String id, long time, String store, Random random) {
        return ("{\"orderId\":\"" + id + "\",\"createdAt\":\"" + Instant.ofEpochMilli(time) + "\",\"storeId\":\"" + store
                + "\",\"amount\":" + (1 + random.nextInt(50_000)) / 100.0 + ",\"currency\":\"EUR\",\"customer\":{\"id\":\"c"
                + random.nextInt(100_000) + "\",\"email\":\"someone@example.com\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Offers orders stamped now at {@code rate} per second from {@code startNanos} on, until
     * {@code untilNanos}, keyed by store; returns how many have been sent in all ({@code sent} before).
     */
    static long offer(KafkaProducer<byte[], byte[]> producer, String topic, Random random, String idPrefix,
            long startNanos, long base, double rate, long untilNanos, long sent) throws InterruptedException {
        while (System.nanoTime() < untilNanos) {
            long due = (long) (base + (System.nanoTime() - startNanos) / 1e9 * rate);
            for (; sent < due; sent++) {
                String store = "store-" + random.nextInt(1000);
                producer.send(new ProducerRecord<>(topic, store.getBytes(StandardCharsets.UTF_8),
                        order(idPrefix + sent, System.currentTimeMillis(), store, random)));
            }
            Thread.sleep(1);
        }
        return sent;
    }

    static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    static JsonNode baseline(String mode, LocalStack stack, int events) throws Exception {
        return baseline(mode, stack, "bench", events);
    }

    static JsonNode baseline(String mode, LocalStack stack, String topic, int events) throws Exception {
        log("baseline %s", mode);
        Process p = new ProcessBuilder(javaBin(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                ConsumerBaseline.class.getName(), mode, stack.kafkaBootstrapServers(), topic, Integer.toString(events),
                stack.s3Endpoint().toString(), stack.region(), stack.s3AccessKey(), stack.s3SecretKey(), stack.bucket())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        String last = out.lines().reduce((x, y) -> y).orElseThrow();
        return Json.mapper().readTree(last);
    }

    /** Runs the packaged function on the produced topic until its checkpoints cover every offset. */
    static JsonNode function(Path jar, LocalStack stack, Path dir, String pipeline, Map<Integer, Long> ends, int events)
            throws Exception {
        log("micro-batch function");
        Process p = startFunction(jar, stack, dir, pipeline);
        return function(p, stack, dir, pipeline, ends, events);
    }

    /** As above, landing segments with {@code codec} (the pipeline's {@code landing.codec}). */
    static JsonNode function(Path jar, LocalStack stack, Path dir, String pipeline, Map<Integer, Long> ends, int events,
            SegmentCodec codec) throws Exception {
        log("micro-batch function, landing %s", codec.label());
        writePipeline(dir, pipeline, codec);
        return function(startFunction(jar, stack, dir, pipeline, false), stack, dir, pipeline, ends, events);
    }

    private static JsonNode function(Process p, LocalStack stack, Path dir, String pipeline, Map<Integer, Long> ends,
            int events) throws Exception {
        try {
            long ready = awaitReady(p, port(dir, pipeline));
            double functionCpu0 = CpuTime.seconds(p.pid());
            Map<String, Double> threadsAtReady = CpuTime.byThreadKind(p.pid());
            double stackCpu0 = CpuTime.self();
            Map<Long, Long> s3Cpu0 = StackThreads.s3Snapshot();
            Path checkpoints = dir.resolve("stack").resolve("s3").resolve(stack.bucket()).resolve("checkpoints")
                    .resolve(pipeline);
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!caughtUp(checkpoints, pipeline, ends)) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("The function did not catch up; see " + dir.resolve(pipeline + ".log"));
                }
                Thread.sleep(100);
            }
            double secs = (System.nanoTime() - ready) / 1e9;
            double functionCpuWithStart = CpuTime.seconds(p.pid());
            double functionCpu = functionCpuWithStart - functionCpu0;
            double stackCpu = CpuTime.self() - stackCpu0;
            double s3Cpu = StackThreads.s3CpuSecondsSince(s3Cpu0);
            long rss = ConsumerBaseline.peakRss(Path.of("/proc/" + p.pid() + "/status"));
            Map<String, Double> threads = CpuTime.byThreadKind(p.pid());
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("records", events);
            n.put("seconds", Math.round(secs * 1000) / 1000.0);
            // The broker and the S3 server run in this JVM: its CPU over the run is theirs.
            n.put("functionCpuSeconds", Math.round(functionCpu * 100) / 100.0);
            n.put("stackCpuSeconds", Math.round(stackCpu * 100) / 100.0);
            n.put("functionCpuMicrosPerRecord", Math.round(functionCpu / events * 1e7) / 10.0);
            // Start-up included, as the CPU of the Flink process is counted: from the JVM's start.
            n.put("functionCpuSecondsWithStart", Math.round(functionCpuWithStart * 100) / 100.0);
            n.put("s3CpuSeconds", Math.round(s3Cpu * 100) / 100.0);
            n.put("s3CpuMicrosPerRecord", Math.round(s3Cpu / events * 1e7) / 10.0);
            n.put("peakRssBytes", rss);
            // Where the process's CPU went, by thread kind (JIT, collector, the application's pools):
            // until it was ready, and over the whole run.
            n.set("threadCpuSecondsAtReady", Json.mapper().valueToTree(threadsAtReady));
            n.set("threadCpuSeconds", Json.mapper().valueToTree(threads));
            // Where the time goes, from the function's own metrics.
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + port(dir, pipeline) + "/q/metrics")).header("Accept", "text/plain").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            ObjectNode inside = n.putObject("inside");
            for (String meter : List.of("batch_size", "batch_duration_seconds", "s3_put_seconds",
                    "checkpoint_duration_seconds", "checkpoint_bytes")) {
                inside.put(meter + "_mean", mean(metrics, meter, pipeline));
            }
            for (String step : List.of("validate", "dead-letter", "land", "fold", "emit", "checkpoint")) {
                inside.put("step_" + step + "_seconds_mean", stepMean(metrics, step, pipeline));
            }
            return n;
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /**
     * Produces at a fixed rate with current event times while the function runs, first for
     * {@code warmup} seconds, then for {@code seconds}. Freshness over the measured seconds comes
     * from the difference of the function's freshness histogram between their start and end (so
     * the quantile is the upper bound of a histogram bucket); those of the whole run, which include
     * the start (cold JIT), are reported next to it.
     */
    static JsonNode freshness(Path jar, LocalStack stack, Path dir, int rate, int warmup, int seconds) throws Exception {
        return freshness(jar, stack, dir, rate, warmup, seconds, SegmentCodec.GZIP);
    }

    static JsonNode freshness(Path jar, LocalStack stack, Path dir, int rate, int warmup, int seconds, SegmentCodec codec)
            throws Exception {
        log("freshness at %,d events/s: %d s warm-up, %d s measured", rate, warmup, seconds);
        writePipeline(dir, "bench-live", codec);
        Process p = startFunction(jar, stack, dir, "bench-live", false);
        try {
            int port = port(dir, "bench-live");
            awaitReady(p, port);
            Random random = new Random(3);
            Map<Double, Double> before = Map.of();
            try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
                long start = System.nanoTime();
                long sent = 0;
                boolean warm = warmup == 0;
                while (System.nanoTime() - start < (warmup + seconds) * 1_000_000_000L) {
                    if (!warm && System.nanoTime() - start >= warmup * 1_000_000_000L) {
                        before = buckets(scrape(port));
                        warm = true;
                    }
                    long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                    for (; sent < due; sent++) {
                        String store = "store-" + random.nextInt(1000);
                        producer.send(new ProducerRecord<>("bench-live", store.getBytes(StandardCharsets.UTF_8),
                                order("live-" + sent, System.currentTimeMillis(), store, random)));
                    }
                    Thread.sleep(1);
                }
            }
            Thread.sleep(3_000);
            String metrics = scrape(port);
            Map<Double, Double> after = buckets(metrics);
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("rate", rate);
            n.put("warmupSeconds", warmup);
            n.put("seconds", seconds);
            n.put("p50Ms", bucketQuantile(before, after, 0.5) * 1000);
            n.put("p99Ms", bucketQuantile(before, after, 0.99) * 1000);
            n.put("withStartP50Ms", bucketQuantile(Map.of(), after, 0.5) * 1000);
            n.put("withStartP99Ms", bucketQuantile(Map.of(), after, 0.99) * 1000);
            return n;
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    static String scrape(int port) throws Exception {
        // HTTP/1.1: the default h2c upgrade was seen to break on a large metrics page.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/q/metrics")).header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Upper bound (seconds) → cumulative count of the freshness histogram. */
    static Map<Double, Double> buckets(String metrics) {
        Map<Double, Double> out = new java.util.TreeMap<>();
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("tandem_microbatch_freshness_seconds_bucket{") || !line.contains("pipeline=\"bench-live\"")) {
                continue;
            }
            Matcher m = le.matcher(line);
            if (m.find()) {
                double bound = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                out.put(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No freshness histogram in the function's metrics");
        }
        return out;
    }

    /** The upper bound of the bucket holding quantile {@code q} of what was recorded between two scrapes. */
    static double bucketQuantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = after.get(Double.POSITIVE_INFINITY) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> b : after.entrySet()) {
            if (b.getValue() - before.getOrDefault(b.getKey(), 0.0) >= q * total) {
                return b.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** sum / count of a Micrometer summary or timer in Prometheus text. */
    static double mean(String metrics, String meter, String pipeline) {
        double sum = value(metrics, "tandem_microbatch_" + meter + "_sum", pipeline);
        double count = value(metrics, "tandem_microbatch_" + meter + "_count", pipeline);
        return count == 0 ? 0 : Math.round(sum / count * 1e6) / 1e6;
    }

    static double stepMean(String metrics, String step, String pipeline) {
        double sum = 0;
        double count = 0;
        for (String suffix : List.of("_sum", "_count")) {
            Matcher m = Pattern.compile("tandem_microbatch_step_duration_seconds" + suffix + "\\{pipeline=\"" + Pattern.quote(
                    pipeline) + "\",step=\"" + Pattern.quote(step) + "\",?} ([0-9.eE+-]+)").matcher(metrics);
            double v = m.find() ? Double.parseDouble(m.group(1)) : 0;
            if (suffix.equals("_sum")) {
                sum = v;
            } else {
                count = v;
            }
        }
        return count == 0 ? 0 : Math.round(sum / count * 1e6) / 1e6;
    }

    static double value(String metrics, String name, String pipeline) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\{pipeline=\"" + Pattern.quote(pipeline) + "\",?} ([0-9.eE+-]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * (c) and (e) once more over a fresh copy of the topic ({@code bench-r<number>}, the same seed, so the same
     * records in the same partitions): the machine's drift over a run (these two cores are shared)
     * moved either process's CPU by a third between runs, so the ratio is read from pairs run close
     * together, in alternating order.
     */
    static ObjectNode repeatPair(Path jar, LocalStack stack, Path dir, int number, int events, long baseMs,
            SegmentCodec codec, Path flinkModule, boolean flinkFirst, String landingMode) throws Exception {
        String topic = "bench-r" + number;
        stack.createTopics(Map.of(topic, PARTITIONS, topic + ".results", PARTITIONS, topic + ".dlq", 1));
        log("pair over %s: producing %,d events", topic, events);
        Map<Integer, Long> ends = produce(stack, topic, events, 0, baseMs);
        ObjectNode flink = null;
        if (flinkFirst) {
            flink = FlinkComparison.run(flinkModule, stack, topic, events, dir);
        }
        JsonNode function = function(jar, stack, dir, topic, ends, events, codec);
        if (!flinkFirst) {
            flink = FlinkComparison.run(flinkModule, stack, topic, events, dir);
        }
        // (b′) over this copy and (d) over the segments this pair's (c) landed (none for a quick look).
        JsonNode landing = landingMode == null ? null : baseline(landingMode, stack, topic, events);
        JsonNode batch = landingMode == null ? null : recompute(stack, dir, topic, baseMs);
        ObjectNode pair = pair(number, flinkFirst, function, flink, landing, batch);
        log("pair %s", pair);
        return pair;
    }

    /** One pair's readings; {@code landing} and {@code batch} ((b′) and (d) beside it) may be null. */
    static ObjectNode pair(int number, boolean flinkFirst, JsonNode function, JsonNode flink, JsonNode landing,
            JsonNode batch) {
        ObjectNode pair = Json.mapper().createObjectNode();
        pair.put("pair", number);
        pair.put("flinkFirst", flinkFirst);
        pair.put("functionCpuSecondsWithStart", function.get("functionCpuSecondsWithStart").asDouble());
        pair.put("flinkCpuSecondsWithStart", flink.get("cpuSecondsWithStart").asDouble());
        pair.put("ratio", Math.round(cpuEfficiency(function, flink) * 1000) / 1000.0);
        double c = function.get("records").asDouble() / function.get("seconds").asDouble();
        if (landing != null) {
            double bLanding = landing.get("records").asDouble() / landing.get("seconds").asDouble();
            pair.put("functionToLanding", Math.round(c / bLanding * 1000) / 1000.0);
        }
        if (batch != null) {
            pair.put("batchToFunction", Math.round(batch.get("recordsPerSecond").asDouble() / c * 100) / 100.0);
        }
        return pair;
    }

    static double medianRatio(ArrayNode pairs) {
        return median(pairs, "ratio");
    }

    /** The median of {@code field} over the pairs that have it; NaN if none has. */
    static double median(ArrayNode pairs, String field) {
        double[] r = new double[pairs.size()];
        int n = 0;
        for (JsonNode pr : pairs) {
            if (pr.has(field)) {
                r[n++] = pr.get(field).asDouble();
            }
        }
        r = java.util.Arrays.copyOf(r, n);
        java.util.Arrays.sort(r);
        return n == 0 ? Double.NaN : n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    /** (d): the batch function recomputes the stream {@code pipeline}'s micro-batch function landed. */
    static JsonNode recompute(LocalStack stack, Path dir, String pipeline, long baseMs) throws Exception {
        log("batch recompute over the segments of %s", pipeline);
        Instant first = Instant.ofEpochMilli(baseMs - 60_000).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        return BatchRunner.recompute(stack, dir, dir.resolve(pipeline + ".yaml"), pipeline, first,
                first.plus(java.time.Duration.ofHours(3)), "1g");
    }

    /** Records per CPU-second of (c)'s process over those of (e)'s, each JVM's start-up included. */
    static double cpuEfficiency(JsonNode function, JsonNode flink) {
        return flink.get("cpuSecondsWithStart").asDouble() / function.get("functionCpuSecondsWithStart").asDouble();
    }

    static Process startFunction(Path jar, LocalStack stack, Path dir, String pipeline) throws Exception {
        return startFunction(jar, stack, dir, pipeline, true);
    }

    /** With {@code writePipeline} false, runs the pipeline file {@code <dir>/<pipeline>.yaml} already there. */
    static Process startFunction(Path jar, LocalStack stack, Path dir, String pipeline, boolean writePipeline)
            throws Exception {
        return startFunction(jar, stack, dir, pipeline, writePipeline, null);
    }

    /** With a static group member id ({@code group.instance.id}) when {@code instanceId} is not null. */
    static Process startFunction(Path jar, LocalStack stack, Path dir, String pipeline, boolean writePipeline,
            String instanceId) throws Exception {
        Path file = writePipeline ? writePipeline(dir, pipeline) : dir.resolve(pipeline + ".yaml");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve(pipeline + ".port"), Integer.toString(port));
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-XX:+ExitOnOutOfMemoryError"));
        cmd.addAll(FUNCTION_JVM);
        cmd.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true", "-Dtandem.pipeline.file=" + file,
                "-Dmp.messaging.incoming.source.topic=" + pipeline,
                "-Dmp.messaging.incoming.source.group.id=bench-" + pipeline));
        if (instanceId != null) {
            cmd.add("-Dmp.messaging.incoming.source.group.instance.id=" + instanceId);
        }
        // Extra JVM options for the function under test, e.g. a JFR recording when looking for where time goes.
        String extra = System.getenv().getOrDefault("TANDEM_BENCH_FUNCTION_OPTS", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        stack.quarkusConfig().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(pipeline + ".log").toFile()).start();
    }

    static int port(Path dir, String pipeline) throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve(pipeline + ".port")).trim());
    }

    static long awaitReady(Process p, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("The function did not become ready");
    }

    /** Reads checkpoint keys straight from the S3 server's filesystem backend: no client in the way. */
    static boolean caughtUp(Path checkpoints, String pipeline, Map<Integer, Long> ends) throws IOException {
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            Path partition = checkpoints.resolve(pipeline + "-" + e.getKey());
            long next = 0;
            if (Files.isDirectory(partition)) {
                try (var files = Files.list(partition)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Matcher m = CHECKPOINT.matcher(f.getFileName().toString());
                        if (m.matches()) {
                            next = Math.max(next, Long.parseLong(m.group(1)));
                        }
                    }
                }
            }
            if (next < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static Path writePipeline(Path dir, String name) {
        return writePipeline(dir, name, SegmentCodec.GZIP);
    }

    /** The benchmark's pipeline, landing its segments with {@code codec}. */
    static Path writePipeline(Path dir, String name, SegmentCodec codec) {
        // The benchmark's aggregates: count, sum, min, max.
        return ExamplePipeline.write(dir, "pipelines/orders.yaml", name + ".yaml", yaml -> {
            String cut = yaml.substring(0, yaml.indexOf("  - name: averageOrder")) + "\n"
                    + yaml.substring(yaml.indexOf("rules:"));
            return cut.replace("pipeline: orders", "pipeline: " + name).replace("  topic: orders", "  topic: " + name)
                    + (codec == SegmentCodec.GZIP ? "" : "\nlanding:\n  codec: " + codec.label() + "\n");
        });
    }

    /**
     * The collector, huge pages and C2 thresholds both functions run with, as ./tandem (on Linux) and
     * the manifests start them.
     */
    static final List<String> FUNCTION_JVM = List.of("-XX:+UseParallelGC", "-XX:+UseTransparentHugePages",
            "-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }
}
