package dev.tandem.demo.run;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.demo.generate.GeneratedTruth;
import dev.tandem.demo.generate.OrderGenerator;
import dev.tandem.demo.report.ReportWriter;
import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.record.Json;

/**
 * Tandem's main job end to end: a real Kafka broker and S3 server, the two functions as their
 * own JVMs, a generated stream of orders with the usual mess in it, live status while the
 * micro-batch function keeps up, then recompute and reconcile over HTTP — and a report.
 */
public final class Demo implements AutoCloseable {

    private static final String PIPELINE = "orders";

    private final DemoOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean closed;

    public Demo(DemoOptions options) {
        this.options = options;
    }

    public Summary run() throws Exception {
        Path out = options.out();
        deleteRecursively(out.resolve("stack"));
        Files.createDirectories(out);
        say("starting the local stack (Kafka broker + S3 server, data in %s)", out.resolve("stack"));
        LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(out.resolve("stack")));
        started.add(stack);
        stack.createTopics(Map.of(PIPELINE, 3, PIPELINE + ".results", 3, PIPELINE + ".dlq", 1));
        Path pipelineFile = writePipeline(out.resolve("pipeline"));
        PipelineDefinition definition = PipelineDefinitionLoader.load(pipelineFile);

        Map<String, String> props = new HashMap<>(stack.quarkusConfig());
        props.put("tandem.pipeline.file", pipelineFile.toString());
        Map<String, String> microbatchProps = new HashMap<>(props);
        microbatchProps.put("tandem.microbatch.idle-check-interval", "1s");
        say("starting the micro-batch and batch functions (packaged jars, one JVM each)");
        FunctionProcess microbatch = FunctionProcess.start("micro-batch", options.microbatchJar(), microbatchProps,
                out.resolve("microbatch.log"));
        started.add(microbatch);
        FunctionProcess batch = FunctionProcess.start("batch", options.batchJar(), props, out.resolve("batch.log"));
        started.add(batch);
        microbatch.awaitReady(Duration.ofSeconds(90));
        batch.awaitReady(Duration.ofSeconds(90));
        say("micro-batch at %s, batch at %s", microbatch.url(), batch.url());

        say("sending %,d orders at %,d/s for %s (late %.1f%%, duplicates %.1f%%, invalid %.1f%%)",
                options.generator().events(), options.generator().rate(), options.generator().duration(),
                options.generator().late() * 100, options.generator().duplicates() * 100,
                options.generator().invalid() * 100);
        AtomicLong sent = new AtomicLong();
        long t0 = System.nanoTime();
        CompletableFuture<GeneratedTruth> generating = CompletableFuture.supplyAsync(() -> new OrderGenerator(
                options.generator(), DemoOptions.WINDOW.toMillis()).send(stack.kafkaBootstrapServers(), PIPELINE,
                        sent::set));
        List<Sample> timeline = new ArrayList<>();
        double sloSeconds = definition.freshness().latency().toMillis() / 1000.0;
        while (!generating.isDone()) {
            timeline.add(sample(microbatch, t0, sent.get()));
            status(timeline, sloSeconds);
            Thread.sleep(1000);
        }
        GeneratedTruth truth = generating.join();
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        // Until the function has taken in every record and caught up.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Sample last;
        do {
            Thread.sleep(1000);
            last = sample(microbatch, t0, truth.sent());
            timeline.add(last);
            status(timeline, sloSeconds);
        } while ((last.recordsIn() < truth.sent() || last.lag() > 0) && System.nanoTime() < deadline);
        double caughtUpSeconds = last.seconds();
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1000);
            timeline.add(sample(microbatch, t0, truth.sent()));
        }
        if (!options.quiet()) {
            System.out.println();
        }
        PrometheusText metrics = PrometheusText.parse(get(microbatch.url() + "/q/metrics"));
        last = timeline.get(timeline.size() - 1);

        // Every window of the range has closed in the micro-batch: the stream went on past it.
        long window = DemoOptions.WINDOW.toMillis();
        Instant from = Instant.ofEpochMilli(truth.firstEventMs() - Math.floorMod(truth.firstEventMs(), window));
        // Windows ending at or before every partition's watermark (newest event − lateness), with a second to spare.
        long closedBefore = truth.lastEventMs() - definition.allowedLateness().toMillis() - 1000;
        Instant to = Instant.ofEpochMilli(closedBefore - Math.floorMod(closedBefore, window));
        String token = stack.devTokens().token("demo", Set.of("tandem-operator"), Duration.ofHours(1));
        String range = "{\"pipeline\":\"" + PIPELINE + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
        say("recompute %s .. %s over HTTP", from, to);
        JsonNode recompute = post(batch.url() + "/recompute", token, range);
        say("  %s: %s records from %s segments, %s windows, %s late, in %s ms", recompute.path("state").asText(),
                recompute.at("/result/records").asText(), recompute.at("/result/segments").asText(),
                recompute.at("/result/windows").asText(), recompute.at("/result/late").asText(),
                recompute.path("durationMs").asText());
        say("reconcile %s .. %s over HTTP", from, to);
        JsonNode reconcile = post(batch.url() + "/reconcile", token, range);
        JsonNode rec = reconcile.at("/result/reconciliation");
        say("  %s: %s partials match, %s differ (%s explained by late data), %s corrected", reconcile.path("state")
                .asText(), rec.path("matching").asText(), rec.path("differing").asText(), rec.path("explained").asText(),
                rec.path("corrected").asText());

        long expectedCorrections = truth.lateWindows().stream().filter(w -> {
            long start = Instant.parse(w.substring(0, w.indexOf('|'))).toEpochMilli();
            return start >= from.toEpochMilli() && start + window <= to.toEpochMilli();
        }).count();
        String freshness = "tandem_microbatch_freshness_seconds";
        Summary summary = new Summary(truth, round(generateSeconds), round(last.recordsIn() / caughtUpSeconds),
                last.recordsIn(), last.invalid(), last.late(), last.duplicates(), last.finals(),
                round(metrics.histogramQuantile(freshness, 0.5)), round(metrics.histogramQuantile(freshness, 0.99)),
                sloSeconds, round(metrics.shareAtOrBelow(freshness, sloSeconds)), definition.freshness().target(),
                rec.path("corrected").asLong(), expectedCorrections, rec.path("unexplained").asLong(), recompute,
                reconcile);
        JsonNode report = readObject(stack, rec.path("report").asText());
        Files.write(out.resolve("summary.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(
                summary));
        ObjectNode raw = Json.mapper().createObjectNode();
        raw.set("summary", Json.mapper().valueToTree(summary));
        raw.set("timeline", Json.mapper().valueToTree(timeline));
        raw.set("reconciliation", report);
        Files.write(out.resolve("report.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(raw));
        ReportWriter.write(out.resolve("report.html"), summary, timeline, report, window);
        print(summary);
        say("report: %s (numbers: %s)", out.resolve("report.html"), out.resolve("report.json"));
        return summary;
    }

    /** Whether {@link #close} has run (Ctrl-C): what fails after it is the stopping, not a fault. */
    public boolean closed() {
        return closed;
    }

    private Sample sample(FunctionProcess microbatch, long t0, long sent) {
        try {
            return Sample.of(round((System.nanoTime() - t0) / 1e9), sent,
                    PrometheusText.parse(get(microbatch.url() + "/q/metrics")));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not read the micro-batch function's metrics", e);
        }
    }

    /** The latest sample, with the freshness p99 of the records whose effect became visible in the last minute. */
    private void status(List<Sample> timeline, double slo) {
        if (options.quiet()) {
            return;
        }
        Sample s = timeline.get(timeline.size() - 1);
        Sample minuteAgo = timeline.stream().filter(e -> e.seconds() <= s.seconds() - 60).reduce((a, b) -> b)
                .orElse(null);
        double p99 = minuteAgo == null ? s.freshness().quantile(0.99) : s.freshnessSince(minuteAgo, 0.99);
        System.out.printf(Locale.ROOT, "\r[demo] %5.0fs  sent %,9d  in %,9d  invalid %,6d  late %,6d  windows closed %,6d"
                + "  lag %,7d  freshness p99 %5.2fs (SLO %.0fs)   ", s.seconds(), s.sent(), s.recordsIn(), s.invalid(),
                s.late(), s.finals(), s.lag(), Double.isNaN(p99) ? 0 : p99, slo);
        System.out.flush();
    }

    private void print(Summary s) {
        GeneratedTruth t = s.truth();
        String text = String.format(Locale.ROOT, """

                Summary                                   Tandem      generator's truth
                  orders sent                         %,10d
                  received by the micro-batch          %,10d      %,d
                  invalid → %s.dlq                %,10d      %,d
                  late (landed, corrected by batch)    %,10d      %,d
                  duplicates skipped                   %,10d      %,d
                  throughput (records/s)               %,10.0f      (sent at %,d/s)
                  freshness p50 / p99                  %5.2f s / %5.2f s   (SLO %.0f s for %.0f%%: %.2f%% within)
                  windows FINAL (micro-batch)          %,10d
                  windows corrected by batch           %,10d      %,d
                  reconciliation: unexplained diffs    %,10d      0
                """, t.sent(), s.recordsIn(), t.sent(), PIPELINE, s.invalid(), t.invalidTotal(), s.late(), t.late(),
                s.duplicates(), t.duplicates(), s.throughput(), options.generator().rate(), s.freshnessP50(),
                s.freshnessP99(), s.freshnessSlo(), s.sloTarget() * 100, s.withinSlo() * 100, s.windowsFinal(),
                s.windowsCorrected(), s.expectedCorrections(), s.unexplained());
        System.out.println(text);
    }

    private static JsonNode readObject(LocalStack stack, String key) throws IOException {
        // The S3 server keeps objects as files: read it there rather than through another client.
        Path file = stack.dataDir().resolve("s3").resolve(stack.bucket()).resolve(key);
        return Files.exists(file) ? Json.mapper().readTree(Files.readAllBytes(file)) : Json.mapper().createObjectNode();
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode post(String url, String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    /** The example pipeline with 10 s windows, 5 s lateness and 5 s idle timeout, so a minute shows a lot. */
    static Path writePipeline(Path dir) {
        return ExamplePipeline.write(dir, "pipelines/orders.yaml", "orders.yaml",
                yaml -> "# Written by ./tandem demo: the example pipeline with 10 s windows.\n"
                        + yaml.replace("  size: 60s", "  size: 10s").replace("lateness: 30s", "lateness: 5s")
                                .replace("idlePartitionTimeout: 30s", "idlePartitionTimeout: 5s"));
    }

    private void say(String format, Object... args) {
        System.out.printf("[demo] " + format + "%n", args);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Stops what it started, functions first; also on Ctrl-C (see {@link DemoMain}). */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("[demo] stopping: " + e.getMessage());
            }
        }
        started.clear();
    }
}
