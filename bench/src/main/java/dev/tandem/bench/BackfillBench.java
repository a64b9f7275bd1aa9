package dev.tandem.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.engine.batch.run.BackfillSources;
import dev.tandem.engine.batch.run.BackfillSummary;
import dev.tandem.engine.batch.run.BatchRuns;
import dev.tandem.engine.batch.run.BatchSettings;
import dev.tandem.engine.batch.run.RunObserver;
import dev.tandem.engine.batch.run.RunStatus;
import dev.tandem.function.io.DeadLetterReader;
import dev.tandem.function.io.KafkaPartitionLog;
import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.ResultsTopicReader;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.record.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A backlog of {@code --backlog-seconds} at {@code --rate} events/s waits in the topic when the
 * packaged micro-batch function starts; new events keep coming at the same rate. Run twice in one
 * run: <b>catch-up</b> (no {@code freshness.backfillAfter}: the function works through the backlog,
 * throughput-sized batches, and new events wait behind it) and <b>backfill</b>
 * ({@code backfillAfter: 60s}: the live path cuts the backlog and serves new events from the head,
 * while a backfill — the batch function's engine run, in this JVM — lands the cut and corrects its
 * windows). Every second: records processed and freshness p50/p99 of what was processed (histogram
 * differences). Writes {@code backfill.json}, {@code backfill.md}, {@code backfill.svg}.
 */
public final class BackfillBench {

    private record Second(double t, double processed, double p50, double p99) {
    }

    private BackfillBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("--rate", "20000", "--backlog-seconds", "300",
                "--live-seconds", "180", "--out", "bench/results", "--jar",
                "functions/microbatch/target/quarkus-app/quarkus-run.jar", "--report", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.get("--report").isEmpty()) {
            // Writes the table and plot again from a run's JSON, e.g. after a change to the report.
            report(Json.mapper().readTree(Files.readAllBytes(Path.of(opts.get("--report")))), Path.of(opts.get("--out")));
            return;
        }
        int rate = Integer.parseInt(opts.get("--rate"));
        int backlogSeconds = Integer.parseInt(opts.get("--backlog-seconds"));
        int liveSeconds = Integer.parseInt(opts.get("--live-seconds"));
        Path jar = Path.of(opts.get("--jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -q install -DskipTests first");
        }
        double slo = 5.0;
        Path dir = Files.createTempDirectory("tandem-backfill-bench-");
        Map<String, List<Second>> runs = new LinkedHashMap<>();
        Map<String, ObjectNode> summaries = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            for (String mode : List.of("catch-up", "backfill")) {
                String name = "backlog-" + mode.replace("-", "");
                stack.createTopics(Map.of(name, MicroBatchBench.PARTITIONS, name + ".results", MicroBatchBench.PARTITIONS,
                        name + ".dlq", 1));
                Path file = writePipeline(dir, name, mode.equals("backfill"));
                ObjectNode summary = Json.mapper().createObjectNode();
                runs.put(mode, run(jar, stack, dir, name, file, mode.equals("backfill"), rate, backlogSeconds, liveSeconds,
                        slo, summary));
                summaries.put(mode, summary);
            }
        }
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("when", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("rate", rate);
        result.put("backlogSeconds", backlogSeconds);
        result.put("sloSeconds", slo);
        summaries.forEach(result::set);
        for (Map.Entry<String, List<Second>> run : runs.entrySet()) {
            ArrayNode seconds = result.putArray(run.getKey() + "Seconds");
            run.getValue().forEach(s -> seconds.add(Json.mapper().valueToTree(s)));
        }
        report(result, Path.of(opts.get("--out")));
    }

    /** backfill.json as given, and backfill.md and backfill.svg computed from it. */
    private static void report(JsonNode result, Path out) throws Exception {
        int rate = result.get("rate").asInt();
        int backlogSeconds = result.get("backlogSeconds").asInt();
        double slo = result.get("sloSeconds").asDouble();
        Map<String, List<Second>> runs = new LinkedHashMap<>();
        Map<String, ObjectNode> summaries = new LinkedHashMap<>();
        for (String mode : List.of("catch-up", "backfill")) {
            List<Second> seconds = new ArrayList<>();
            result.get(mode + "Seconds").forEach(n -> seconds.add(new Second(n.get("t").asDouble(),
                    n.get("processed").asDouble(), n.get("p50").asDouble(), n.get("p99").asDouble())));
            runs.put(mode, seconds);
            ObjectNode summary = ((ObjectNode) result.get(mode)).deepCopy();
            // Within the SLO for good: from the first second after which no second processed records
            // slower; a second in which no micro-batch ended (NaN: batches are paced) counts as neither.
            double from = Double.NaN;
            for (int i = seconds.size() - 1; i >= 0; i--) {
                double p99 = seconds.get(i).p99();
                if (Double.isNaN(p99)) {
                    continue;
                }
                if (p99 > slo) {
                    break;
                }
                from = seconds.get(i).t();
            }
            summary.remove("withinSloFrom");
            if (!Double.isNaN(from)) {
                summary.put("withinSloFrom", from);
            }
            summaries.put(mode, summary);
            ((ObjectNode) result).set(mode, summary);
        }
        int liveSeconds = runs.get("catch-up").size();
        int partitions = MicroBatchBench.PARTITIONS;
        String when = result.get("when").asText();
        int cores = result.get("cores").asInt();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                A %d s backlog at %,d events/s (%,d records, %d partitions) waits when the function starts; new
                events keep coming at %,d/s for %d s. %d cores, %s; freshness SLO %.0f s (p99).

                | mode | new data p99, first 30 s | new data p99, whole run | seconds until p99 ≤ SLO for good | backlog landed and corrected after | backfill records/s |
                |---|---:|---:|---:|---:|---:|
                """, backlogSeconds, rate, (long) rate * backlogSeconds, partitions, rate, liveSeconds, cores, when,
                slo));
        for (Map.Entry<String, ObjectNode> e : summaries.entrySet()) {
            ObjectNode s = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %s | %s | %s |%n", e.getKey(),
                    s.path("p99First30").asDouble(), s.path("p99").asDouble(),
                    s.path("withinSloFrom").isMissingNode() ? "never" : String.format(Locale.ROOT, "%.0f",
                            s.path("withinSloFrom").asDouble()),
                    s.has("backfillSeconds") ? String.format(Locale.ROOT, "%.0f s", s.get("backfillSeconds").asDouble())
                            : String.format(Locale.ROOT, "%.0f s (caught up)", s.path("withinSloFrom").asDouble()),
                    s.has("backfillRecordsPerSecond") ? String.format(Locale.ROOT, "%,.0f",
                            s.get("backfillRecordsPerSecond").asDouble()) : "—"));
        }
        md.append("\nIn catch-up mode the freshness measured is that of what is processed — first the backlog, then the"
                + " new events queued behind it; in backfill mode the live path processes only new events. p99 values"
                + " are histogram bucket upper bounds.\n");
        Files.createDirectories(out);
        Files.write(out.resolve("backfill.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        Files.writeString(out.resolve("backfill.md"), md.toString());
        Files.writeString(out.resolve("backfill.svg"), svg(runs, slo, rate));
        System.out.println(md);
    }

    private static Path writePipeline(Path dir, String name, boolean backfill) {
        return ExamplePipeline.write(dir, "pipelines/orders.yaml", name + ".yaml", yaml -> {
            String cut = yaml.substring(0, yaml.indexOf("  - name: averageOrder")) + "\n"
                    + yaml.substring(yaml.indexOf("rules:"));
            return cut.replace("pipeline: orders", "pipeline: " + name).replace("  topic: orders", "  topic: " + name)
                    .replace("  target: 0.99\n", "  target: 0.99\n" + (backfill ? "  backfillAfter: 60s\n" : ""));
        });
    }

    /** Events produced {@code seconds} before now at {@code rate}, each stamped with its produce time. */
    private static void produceBacklog(LocalStack stack, String topic, int rate, int seconds) {
        long start = System.currentTimeMillis() - seconds * 1000L;
        long n = (long) rate * seconds;
        Random random = new Random(3);
        try (KafkaProducer<byte[], byte[]> producer = MicroBatchBench.producer(stack)) {
            for (long i = 0; i < n; i++) {
                long t = start + i * 1000 / rate;
                String store = "store-" + random.nextInt(1000);
                producer.send(new ProducerRecord<>(topic, null, t, store.getBytes(StandardCharsets.UTF_8),
                        MicroBatchBench.order("b-" + i, t, store, random)));
            }
            producer.flush();
        }
    }

    private static List<Second> run(Path jar, LocalStack stack, Path dir, String name, Path file, boolean backfilling,
            int rate, int backlogSeconds, int liveSeconds, double slo, ObjectNode summary) throws Exception {
        long t0 = System.nanoTime();
        produceBacklog(stack, name, rate, backlogSeconds);
        MicroBatchBench.log("%s: backlog of %,d produced in %.0f s", name, (long) rate * backlogSeconds,
                (System.nanoTime() - t0) / 1e9);
        Process p = MicroBatchBench.startFunction(jar, stack, dir, name, false);
        List<Second> seconds = new ArrayList<>();
        CompletableFuture<RunStatus> backfill = null;
        long backfillStarted = 0;
        try {
            int port = MicroBatchBench.port(dir, name);
            MicroBatchBench.awaitReady(p, port);
            Random random = new Random(5);
            try (KafkaProducer<byte[], byte[]> producer = MicroBatchBench.producer(stack)) {
                long start = System.nanoTime();
                long sent = 0;
                String first = MicroBatchBench.scrape(port);
                String before = first;
                String at30 = null;
                for (int s = 0; s < liveSeconds; s++) {
                    sent = MicroBatchBench.offer(producer, name, random, "n-", start, 0, rate,
                            start + (s + 1) * 1_000_000_000L, sent);
                    String now = MicroBatchBench.scrape(port);
                    Map<Double, Double> b = PacingBench.buckets(before, name);
                    Map<Double, Double> a = PacingBench.buckets(now, name);
                    seconds.add(new Second(s, PacingBench.sum(now, "tandem_microbatch_records_in_total", name)
                            - PacingBench.sum(before, "tandem_microbatch_records_in_total", name),
                            PacingBench.quantile(b, a, 0.5), PacingBench.quantile(b, a, 0.99)));
                    before = now;
                    if (s == 29) {
                        at30 = now;
                    }
                    if (s == 10 && backfilling) {
                        backfillStarted = System.nanoTime();
                        backfill = CompletableFuture.supplyAsync(() -> backfill(stack, file));
                    }
                }
                summary.put("p99", PacingBench.quantile(PacingBench.buckets(first, name), PacingBench.buckets(before, name),
                        0.99));
                summary.put("p99First30", at30 == null ? Double.NaN : PacingBench.quantile(PacingBench.buckets(first,
                        name), PacingBench.buckets(at30, name), 0.99));
                summary.put("cuts", PacingBench.sum(before, "tandem_microbatch_backfill_cuts_total", name));
                MicroBatchBench.log("%s: sent %,d new events", name, sent);
            }
            if (backfill != null) {
                RunStatus status = backfill.join();
                double took = (System.nanoTime() - backfillStarted) / 1e9;
                summary.put("backfillState", status.state().name());
                summary.put("backfillSeconds", took);
                if (status.result() instanceof BackfillSummary s) {
                    summary.put("backfillRecords", s.records());
                    summary.put("backfillRecordsPerSecond", s.records() / took);
                    summary.put("backfillCorrected", s.reconcile() == null ? 0
                            : s.reconcile().reconciliation().corrected());
                } else {
                    summary.put("backfillError", status.error());
                }
                MicroBatchBench.log("%s: backfill %s in %.0f s: %s", name, status.state(), took,
                        status.result() == null ? status.error() : Json.mapper().valueToTree(status.result()));
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        return seconds;
    }

    /** The batch function's backfill, run by its engine in this JVM against the stack. */
    private static RunStatus backfill(LocalStack stack, Path file) {
        PipelineDefinition definition = PipelineDefinitionLoader.load(file);
        Map<String, Object> kafka = Map.of("bootstrap.servers", stack.kafkaBootstrapServers());
        S3Client s3 = S3Client.builder().endpointOverride(stack.s3Endpoint()).region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.s3AccessKey(),
                        stack.s3SecretKey())))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()).build();
        String key = stack.quarkusConfig().get("tandem.masking.key");
        RecordDecoder decoder = RecordDecoder.of(definition, Masker.of(definition.pii(),
                key == null ? null : Base64.getDecoder().decode(key)));
        DeadLetterReader deadLetters = new DeadLetterReader(kafka, Duration.ofSeconds(30));
        String topic = definition.source().topic();
        try (KafkaRecordSink sink = KafkaRecordSink.create(kafka, "bench-backfill");
                BatchRuns runs = new BatchRuns(definition, new S3ObjectStore(s3, stack.bucket()),
                        new ResultsTopicReader(kafka), sink, new BatchSettings(Duration.ofDays(7), Duration.ofMinutes(5),
                                Duration.ofSeconds(30), 100_000), RunObserver.NONE, Clock.systemUTC(), 1,
                        new BackfillSources(() -> new KafkaPartitionLog(kafka, topic, "bench-backfill", 10_000), decoder,
                                (partition, from, since) -> deadLetters.deadLettered(definition.deadLetterTopic(), topic,
                                        partition, from, since), Duration.ofMinutes(5), 10_000))) {
            // The cuts are written within the function's first batches; wait for them before starting.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (runs.pendingBackfills().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            return runs.backfill("bench", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Two panels over time, catch-up against backfill: freshness p99 (with the SLO) and records processed per second. */
    private static String svg(Map<String, List<Second>> runs, double slo, int rate) {
        int w = 900;
        int panel = 240;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", w, 2 * panel + 40));
        String[] colors = {"#d62728", "#1f77b4"};
        String[] titles = {"freshness p99 per second (s, log scale), SLO " + (int) slo + " s",
                "records processed per second (new events offered: dotted)"};
        for (int k = 0; k < 2; k++) {
            int top = 20 + k * panel;
            int left = 70;
            int plotW = w - left - 20;
            int plotH = panel - 60;
            double xMax = 1;
            double yMax = k == 0 ? 1000 : rate;
            for (List<Second> run : runs.values()) {
                for (Second s : run) {
                    xMax = Math.max(xMax, s.t());
                    if (k == 1 && !Double.isNaN(s.processed())) {
                        yMax = Math.max(yMax, s.processed());
                    }
                }
            }
            final double yTop = yMax;
            java.util.function.DoubleUnaryOperator y = k == 0
                    ? v -> top + 20 + plotH - plotH * (Math.log10(Math.max(0.01, Math.min(v, 1000))) + 2) / 5
                    : v -> top + 20 + plotH - plotH * Math.min(v, yTop) / yTop;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", left, top + 12,
                    titles[k]));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
                    left, top + 20, plotW, plotH));
            if (k == 0) {
                for (double v : new double[] {0.01, 0.1, 1, 10, 100, 1000}) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%.1f\">%s</text>", y.applyAsDouble(v) + 4,
                            v < 1 ? Double.toString(v) : Long.toString((long) v)));
                }
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"6 4\"/>",
                        left, left + plotW, y.applyAsDouble(slo), y.applyAsDouble(slo)));
            } else {
                svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%,.0f</text><text x=\"5\" y=\"%d\">0</text>",
                        top + 30, yMax, top + 20 + plotH));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"2 3\"/>",
                        left, left + plotW, y.applyAsDouble(rate), y.applyAsDouble(rate)));
            }
            final double fx = plotW / xMax;
            int c = 0;
            for (Map.Entry<String, List<Second>> run : runs.entrySet()) {
                StringBuilder pts = new StringBuilder();
                for (Second s : run.getValue()) {
                    double v = k == 0 ? s.p99() : s.processed();
                    if (Double.isNaN(v)) {
                        continue;
                    }
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + s.t() * fx,
                            y.applyAsDouble(Double.isInfinite(v) ? 1000 : v)));
                }
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
                        colors[c % 2], pts));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", left + plotW - 180 + c * 90,
                        top + 12, colors[c % 2], run.getKey()));
                c++;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds after the function became ready (0 … %.0f)</text>",
                    left, top + 20 + plotH + 16, xMax));
        }
        return svg.append("</svg>\n").toString();
    }
}
