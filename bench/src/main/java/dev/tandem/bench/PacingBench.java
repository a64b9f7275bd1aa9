package dev.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
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

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.record.Json;

/**
 * Step load against the packaged micro-batch function, twice in one run: adaptive pacing (the
 * default) and fixed 5,000-record batches with no wait (the behaviour before pacing). Every second
 * it scrapes the function's metrics and records, for that second: records processed, freshness
 * p50/p99 (from the difference of two scrapes of the freshness histogram, so bucket upper bounds),
 * mean micro-batch size and the pacing targets. Writes {@code pacing.json}, {@code pacing.md} and
 * {@code pacing.svg}.
 */
public final class PacingBench {

    private record Step(int rate, int seconds) {
    }

    private record Second(double t, int offered, double processed, double p50, double p99, double batchSize,
            double batches, double targetRecords, double targetWaitMs, double cpuSeconds) {
    }

    /** One step as a whole: quantiles from the histogram difference between its first and last scrape. */
    private record StepResult(String pacing, int offered, double processed, double p50, double p99, double recordsPerBatch,
            double batchesPerSecond, double cpuMicrosPerRecord, double cores) {
    }

    private PacingBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("--steps", "2000:30,20000:30,60000:30,5000:30", "--out",
                "bench/results", "--jar", "functions/microbatch/target/quarkus-app/quarkus-run.jar", "--warmup", "20"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        List<Step> steps = new ArrayList<>();
        for (String s : opts.get("--steps").split(",")) {
            String[] rs = s.split(":");
            steps.add(new Step(Integer.parseInt(rs[0]), Integer.parseInt(rs[1])));
        }
        int warmup = Integer.parseInt(opts.get("--warmup"));
        Path jar = Path.of(opts.get("--jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -q install -DskipTests first");
        }
        Path dir = Files.createTempDirectory("tandem-pacing-bench-");
        ObjectNode result = Json.mapper().createObjectNode();
        Map<String, List<Second>> runs = new java.util.LinkedHashMap<>();
        List<StepResult> stepResults = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            for (String mode : List.of("adaptive", "fixed")) {
                String name = "step-" + mode;
                stack.createTopics(Map.of(name, MicroBatchBench.PARTITIONS, name + ".results", MicroBatchBench.PARTITIONS,
                        name + ".dlq", 1));
                writePipeline(dir, name, mode);
                runs.put(mode, run(jar, stack, dir, name, mode, steps, warmup, stepResults));
            }
        }
        double slo = 5.0;
        result.put("when", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("sloSeconds", slo);
        result.put("warmupSeconds", warmup);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
                Step load, %d partitions, %d cores, %s; freshness SLO %.0f s (p99). Per step: the offered rate,
                records processed per second (mean), freshness p50/p99 over the step (histogram bucket bounds),
                mean records per micro-batch and micro-batches per second (each writes a segment and a checkpoint
                per partition). Steps are measured after %d s of warm-up at the first rate.

                | pacing | offered/s | processed/s | p50 | p99 | records/batch | batches/s | function CPU µs/record | function cores | p99 ≤ SLO |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---|
                """, MicroBatchBench.PARTITIONS, Runtime.getRuntime().availableProcessors(), Instant.now(), slo,
                warmup));
        for (Map.Entry<String, List<Second>> run : runs.entrySet()) {
            ArrayNode seconds = result.putArray(run.getKey());
            run.getValue().forEach(s -> seconds.add(Json.mapper().valueToTree(s)));
        }
        ArrayNode stepsJson = result.putArray("steps");
        for (StepResult r : stepResults) {
            stepsJson.add(Json.mapper().valueToTree(r));
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.2f s | %.2f s | %,.0f | %.1f | %.1f | %.2f | %s |%n",
                    r.pacing(), r.offered(), r.processed(), r.p50(), r.p99(), r.recordsPerBatch(), r.batchesPerSecond(),
                    r.cpuMicrosPerRecord(), r.cores(), r.p99() <= slo ? "yes" : "**no**"));
        }
        md.append("\n| offered/s | CPU per record, fixed ÷ adaptive | batches, fixed ÷ adaptive |\n|---:|---:|---:|\n");
        int half = stepResults.size() / 2;
        for (int i = 0; i < half; i++) {
            StepResult a = stepResults.get(i);
            StepResult f = stepResults.get(i + half);
            md.append(String.format(Locale.ROOT, "| %,d | %.2f | %.0f |%n", a.offered(),
                    f.cpuMicrosPerRecord() / a.cpuMicrosPerRecord(), f.batchesPerSecond() / a.batchesPerSecond()));
        }
        md.append("\np50 and p99 of a step come from the freshness histogram's difference between the step's first"
                + " and last scrape (bucket upper bounds).\n");
        Path out = Path.of(opts.get("--out"));
        Files.createDirectories(out);
        Files.write(out.resolve("pacing.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        Files.writeString(out.resolve("pacing.md"), md.toString());
        Files.writeString(out.resolve("pacing.svg"), svg(runs, slo));
        System.out.println(md);
    }

    private static void writePipeline(Path dir, String name, String mode) {
        ExamplePipeline.write(dir, "pipelines/orders.yaml", name + ".yaml", yaml -> {
            String cut = yaml.substring(0, yaml.indexOf("  - name: averageOrder")) + "\n"
                    + yaml.substring(yaml.indexOf("rules:"));
            String pacing = mode.equals("fixed") ? "  pacing: fixed\n  batch: {maxRecords: 5000}\n" : "  pacing: adaptive\n";
            return cut.replace("pipeline: orders", "pipeline: " + name).replace("  topic: orders", "  topic: " + name)
                    .replace("  target: 0.99\n", "  target: 0.99\n" + pacing);
        });
    }

    private static List<Second> run(Path jar, LocalStack stack, Path dir, String name, String mode, List<Step> steps,
            int warmup, List<StepResult> stepResults) throws Exception {
        MicroBatchBench.log("%s: %s after %d s of warm-up", name, steps, warmup);
        Process p = MicroBatchBench.startFunction(jar, stack, dir, name, false);
        List<Second> seconds = new ArrayList<>();
        try {
            int port = MicroBatchBench.port(dir, name);
            MicroBatchBench.awaitReady(p, port);
            Random random = new Random(5);
            try (KafkaProducer<byte[], byte[]> producer = MicroBatchBench.producer(stack)) {
                List<Step> all = new ArrayList<>();
                all.add(new Step(steps.get(0).rate(), warmup));
                all.addAll(steps);
                long start = System.nanoTime();
                long sent = 0;
                String before = MicroBatchBench.scrape(port);
                double cpuBefore = CpuTime.seconds(p.pid());
                int second = 0;
                for (int i = 0; i < all.size(); i++) {
                    Step step = all.get(i);
                    double base = sent;
                    long stepBegin = System.nanoTime();
                    String stepFirst = before;
                    double stepCpu = cpuBefore;
                    for (int s = 0; s < step.seconds(); s++) {
                        sent = MicroBatchBench.offer(producer, name, random, "o-", stepBegin, (long) base, step.rate(),
                                stepBegin + (s + 1) * 1_000_000_000L, sent);
                        String now = MicroBatchBench.scrape(port);
                        double cpuNow = CpuTime.seconds(p.pid());
                        if (i > 0) {
                            seconds.add(second(second++, step.rate(), before, now, name, cpuNow - cpuBefore));
                        }
                        before = now;
                        cpuBefore = cpuNow;
                    }
                    if (i > 0) {
                        stepResults.add(stepResult(mode, step, stepFirst, before, name, cpuBefore - stepCpu));
                    }
                }
                MicroBatchBench.log("%s: sent %,d in %.0f s", name, sent, (System.nanoTime() - start) / 1e9);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        return seconds;
    }

    private static StepResult stepResult(String mode, Step step, String first, String last, String pipeline,
            double cpuSeconds) {
        double records = sum(last, "tandem_microbatch_records_in_total", pipeline)
                - sum(first, "tandem_microbatch_records_in_total", pipeline);
        double batches = sum(last, "tandem_microbatch_batch_size_count", pipeline)
                - sum(first, "tandem_microbatch_batch_size_count", pipeline);
        Map<Double, Double> b = buckets(first, pipeline);
        Map<Double, Double> a = buckets(last, pipeline);
        return new StepResult(mode, step.rate(), records / step.seconds(), quantile(b, a, 0.5), quantile(b, a, 0.99),
                batches == 0 ? 0 : records / batches, batches / step.seconds(),
                records == 0 ? Double.NaN : cpuSeconds * 1e6 / records, cpuSeconds / step.seconds());
    }

    private static Second second(int t, int offered, String before, String now, String pipeline, double cpuSeconds) {
        Map<Double, Double> b = buckets(before, pipeline);
        Map<Double, Double> a = buckets(now, pipeline);
        double records = sum(now, "tandem_microbatch_records_in_total", pipeline)
                - sum(before, "tandem_microbatch_records_in_total", pipeline);
        double batches = sum(now, "tandem_microbatch_batch_size_count", pipeline)
                - sum(before, "tandem_microbatch_batch_size_count", pipeline);
        double batchRecords = sum(now, "tandem_microbatch_batch_size_sum", pipeline)
                - sum(before, "tandem_microbatch_batch_size_sum", pipeline);
        return new Second(t, offered, records, quantile(b, a, 0.5), quantile(b, a, 0.99),
                batches == 0 ? Double.NaN : batchRecords / batches, batches,
                mean(now, "tandem_microbatch_pacing_target_records", pipeline),
                mean(now, "tandem_microbatch_pacing_target_wait_seconds", pipeline) * 1000, cpuSeconds);
    }

    static List<Double> values(String metrics, String name, String pipeline) {
        List<Double> values = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("pipeline=\"" + pipeline + "\"")) {
                values.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return values;
    }

    static double sum(String metrics, String name, String pipeline) {
        return values(metrics, name, pipeline).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double mean(String metrics, String name, String pipeline) {
        return values(metrics, name, pipeline).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static Map<Double, Double> buckets(String metrics, String pipeline) {
        Map<Double, Double> out = new java.util.TreeMap<>();
        Pattern le = Pattern.compile("le=\"([^\"]+)\"");
        for (String line : metrics.split("\n")) {
            if (line.startsWith("tandem_microbatch_freshness_seconds_bucket{")
                    && line.contains("pipeline=\"" + pipeline + "\"")) {
                Matcher m = le.matcher(line);
                if (m.find()) {
                    double bound = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                    out.merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        }
        return out;
    }

    /**
     * The upper bound of the bucket holding quantile {@code q} of what was recorded between two
     * scrapes; NaN when nothing was. Counted over the finite buckets (up to 10 minutes): a scrape is
     * not atomic, so while a batch records its freshness the +Inf count can run ahead of the buckets.
     */
    static double quantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = 0;
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            if (!e.getKey().isInfinite()) {
                total = Math.max(total, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
            }
        }
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= q * total) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Three panels over time, adaptive against fixed: freshness p99 (with the SLO), records per batch, records/s. */
    private static String svg(Map<String, List<Second>> runs, double slo) {
        int w = 900;
        int panel = 220;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", w, 3 * panel + 40));
        String[] colors = {"#1f77b4", "#d62728"};
        List<java.util.function.ToDoubleFunction<Second>> ys = List.of(Second::p99, Second::batchSize, Second::processed);
        String[] titles = {"freshness p99 per second (s), SLO " + (int) slo + " s", "records per micro-batch (mean per second)",
                "records processed per second (offered rate dotted)"};
        for (int k = 0; k < 3; k++) {
            int top = 20 + k * panel;
            double xMax = 1;
            double yMax = k == 0 ? slo * 1.2 : 1;
            for (List<Second> run : runs.values()) {
                for (Second s : run) {
                    xMax = Math.max(xMax, s.t());
                    double y = ys.get(k).applyAsDouble(s);
                    if (!Double.isNaN(y) && !Double.isInfinite(y)) {
                        yMax = Math.max(yMax, k == 2 ? Math.max(y, s.offered()) : y);
                    }
                }
            }
            int left = 70;
            int plotW = w - left - 20;
            int plotH = panel - 60;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", left, top + 12,
                    titles[k]));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
                    left, top + 20, plotW, plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%,.1f</text><text x=\"5\" y=\"%d\">0</text>",
                    top + 30, yMax, top + 20 + plotH));
            final double fx = plotW / xMax;
            final double fy = plotH / yMax;
            if (k == 0) {
                double y = top + 20 + plotH - slo * fy;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"6 4\"/>",
                        left, left + plotW, y, y));
            }
            int c = 0;
            for (Map.Entry<String, List<Second>> run : runs.entrySet()) {
                StringBuilder pts = new StringBuilder();
                StringBuilder offered = new StringBuilder();
                for (Second s : run.getValue()) {
                    double y = ys.get(k).applyAsDouble(s);
                    if (Double.isNaN(y)) {
                        continue;
                    }
                    y = Math.min(y, yMax);
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + s.t() * fx, top + 20 + plotH - y * fy));
                    offered.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + s.t() * fx,
                            top + 20 + plotH - s.offered() * fy));
                }
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>",
                        colors[c % 2], pts));
                if (k == 2 && c == 0) {
                    svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"#555\" stroke-dasharray=\"2 3\" points=\"%s\"/>",
                            offered));
                }
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>", left + plotW - 160 + c * 80,
                        top + 12, colors[c % 2], run.getKey()));
                c++;
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds into the measured run (0 … %.0f)</text>",
                    left, top + 20 + plotH + 16, xMax));
        }
        return svg.append("</svg>\n").toString();
    }
}
