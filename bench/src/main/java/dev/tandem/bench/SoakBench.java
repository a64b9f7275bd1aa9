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
import java.util.function.ToDoubleFunction;

import org.apache.kafka.clients.producer.KafkaProducer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;

/**
 * Soak: the packaged micro-batch function at 80% of the maximum throughput measured in the same
 * run, for ten minutes. First a probe offers rising rates, two minutes each, to one function on its
 * own topic; the highest rate it keeps up with once its state (dedupe horizon, open windows) holds
 * what that rate keeps is the maximum (see {@link #probe}); then a fresh function gets 80% of that. Every interval it records records processed, freshness p50/p99 (from
 * histogram differences), the backlog, the function's RSS, heap in use, live data after the last
 * full collection and CPU. Writes {@code soak.json}, {@code soak.md} and {@code soak.svg}; the
 * verdict compares the first minutes after warm-up with the last ones.
 */
public final class SoakBench {

    /** One interval of the soak. */
    record Interval(double t, double offered, double processed, double p50, double p99, double backlog,
            double rssMb, double heapUsedMb, double liveDataMb, double cores) {
    }

    /** What the probe found, one line per rate, for the report. */
    private static final List<String> PROBE = new ArrayList<>();

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>(Map.of("--seconds", "600", "--interval", "10", "--share", "0.8",
                "--probe-rates", "30000,40000,50000,60000,70000,80000,90000", "--probe-seconds", "120", "--rate", "0", "--warmup", "30", "--horizon", "90s", "--out",
                "bench/results", "--jar", "functions/microbatch/target/quarkus-app/quarkus-run.jar"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        Path jar = Path.of(opts.get("--jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -q install -DskipTests first");
        }
        int seconds = Integer.parseInt(opts.get("--seconds"));
        int interval = Integer.parseInt(opts.get("--interval"));
        int warmup = Integer.parseInt(opts.get("--warmup"));
        double share = Double.parseDouble(opts.get("--share"));
        String horizon = opts.get("--horizon");
        Path dir = Files.createTempDirectory("tandem-soak-bench-");
        double max;
        int rate;
        List<Interval> intervals;
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            int fixedRate = Integer.parseInt(opts.get("--rate"));
            if (fixedRate > 0) {
                max = fixedRate / share;
            } else {
                max = probe(jar, stack, dir, opts.get("--probe-rates"), Integer.parseInt(opts.get("--probe-seconds")),
                        horizon);
                MicroBatchBench.log("probe: %,.0f records/s is the highest rate kept up with", max);
            }
            rate = (int) Math.round(max * share / 1000) * 1000;
            intervals = run(jar, stack, dir, "soak", rate, warmup, seconds, interval, horizon);
        }
        write(Path.of(opts.get("--out")), intervals, max, rate, seconds, interval, warmup, horizon);
    }

    /**
     * The highest of {@code rates} (ascending, each for {@code seconds}, one function throughout)
     * that the function keeps up with once its state is what the rate keeps: over the step's second
     * half it processes at least 97% of what is offered and its backlog grows by less than two seconds
     * of input. The probe stops at the first rate it does not keep up with, or when the function dies
     * (an OutOfMemoryError ends it: the dedupe state grows with rate × horizon).
     */
    private static double probe(Path jar, LocalStack stack, Path dir, String rates, int seconds, String horizon)
            throws Exception {
        String name = "soak-probe";
        Process p = start(jar, stack, dir, name, horizon);
        double kept = 0;
        try {
            int port = MicroBatchBench.port(dir, name);
            MicroBatchBench.awaitReady(p, port);
            try (KafkaProducer<byte[], byte[]> producer = MicroBatchBench.producer(stack)) {
                Random random = new Random(13);
                long sent = 0;
                for (String r : rates.split(",")) {
                    int rate = Integer.parseInt(r.trim());
                    long start = System.nanoTime();
                    long base = sent;
                    String half = null;
                    long sentAtHalf = 0;
                    for (int s = 0; s < seconds; s++) {
                        sent = MicroBatchBench.offer(producer, name, random, "p-", start, base, rate,
                                start + (s + 1) * 1_000_000_000L, sent);
                        if (s + 1 == seconds / 2) {
                            half = MicroBatchBench.scrape(port);
                            sentAtHalf = sent;
                        }
                    }
                    if (!p.isAlive()) {
                        PROBE.add(String.format(Locale.ROOT, "%,d/s: the function died (OutOfMemoryError, see its log)",
                                rate));
                        MicroBatchBench.log("probe %,d/s: the function died (see %s)", rate, dir.resolve(name + ".log"));
                        break;
                    }
                    String end = MicroBatchBench.scrape(port);
                    double in0 = PacingBench.sum(half, "tandem_microbatch_records_in_total", name);
                    double in1 = PacingBench.sum(end, "tandem_microbatch_records_in_total", name);
                    double processed = (in1 - in0) / (seconds - seconds / 2);
                    double backlogGrowth = (sent - in1) - (sentAtHalf - in0);
                    boolean keptUp = processed >= 0.97 * rate && backlogGrowth < 2.0 * rate;
                    PROBE.add(String.format(Locale.ROOT, "%,d/s: %,.0f/s processed over the second half, backlog %+,.0f: %s",
                            rate, processed, backlogGrowth, keptUp ? "kept up" : "fell behind"));
                    MicroBatchBench.log("probe %s", PROBE.get(PROBE.size() - 1));
                    if (!keptUp) {
                        break;
                    }
                    kept = rate;
                }
            }
        } catch (java.io.IOException e) {
            MicroBatchBench.log("probe: the function stopped answering (%s)", e);
        } finally {
            p.destroy();
            p.waitFor();
        }
        if (kept == 0) {
            throw new IllegalStateException("The function kept up with none of the probe rates " + rates);
        }
        return kept;
    }

    /** A function on its own topic, running the benchmark pipeline with the given dedupe horizon. */
    private static Process start(Path jar, LocalStack stack, Path dir, String name, String horizon) throws Exception {
        Path file = MicroBatchBench.writePipeline(dir, name);
        String yaml = Files.readString(file);
        if (!yaml.contains("  horizon: 10m")) {
            throw new IllegalStateException("The example pipeline's dedupe horizon is no longer 10m: update SoakBench");
        }
        Files.writeString(file, yaml.replace("  horizon: 10m", "  horizon: " + horizon));
        stack.createTopics(Map.of(name, MicroBatchBench.PARTITIONS, name + ".results", MicroBatchBench.PARTITIONS,
                name + ".dlq", 1));
        return MicroBatchBench.startFunction(jar, stack, dir, name, false);
    }

    /** Offers {@code rate}/s to a fresh function for warm-up + {@code seconds}; intervals after warm-up. */
    private static List<Interval> run(Path jar, LocalStack stack, Path dir, String name, int rate, int warmup,
            int seconds, int interval, String horizon) throws Exception {
        MicroBatchBench.log("%s: %,d/s for %d s after %d s of warm-up", name, rate, seconds, warmup);
        Process p = start(jar, stack, dir, name, horizon);
        List<Interval> out = new ArrayList<>();
        try {
            int port = MicroBatchBench.port(dir, name);
            MicroBatchBench.awaitReady(p, port);
            try (KafkaProducer<byte[], byte[]> producer = MicroBatchBench.producer(stack)) {
                Random random = new Random(11);
                long start = System.nanoTime();
                long sent = 0;
                int total = warmup + seconds;
                String before = null;
                double cpuBefore = 0;
                long sentBefore = 0;
                for (int s = 0; s < total; s++) {
                    sent = MicroBatchBench.offer(producer, name, random, "s-", start, 0, rate,
                            start + (s + 1) * 1_000_000_000L, sent);
                    boolean measuring = s + 1 >= warmup;
                    if (measuring && (s + 1 - warmup) % interval == 0) {
                        String now = MicroBatchBench.scrape(port);
                        double cpuNow = CpuTime.seconds(p.pid());
                        if (before != null) {
                            out.add(interval(s + 1 - warmup, (sent - sentBefore) / (double) interval, interval, before,
                                    now, name, sent, cpuNow - cpuBefore, p.pid()));
                            Interval last = out.get(out.size() - 1);
                            MicroBatchBench.log("%s t=%4.0f s: %,.0f/s, p99 %.2f s, backlog %,.0f, RSS %.0f MB,"
                                    + " live %.0f MB", name, last.t(), last.processed(), last.p99(), last.backlog(),
                                    last.rssMb(), last.liveDataMb());
                        }
                        before = now;
                        cpuBefore = cpuNow;
                        sentBefore = sent;
                    }
                }
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
        return out;
    }

    private static Interval interval(double t, double offered, int seconds, String before, String now, String pipeline,
            long sent, double cpuSeconds, long pid) {
        Map<Double, Double> b = PacingBench.buckets(before, pipeline);
        Map<Double, Double> a = PacingBench.buckets(now, pipeline);
        double in = PacingBench.sum(now, "tandem_microbatch_records_in_total", pipeline);
        double processed = (in - PacingBench.sum(before, "tandem_microbatch_records_in_total", pipeline)) / seconds;
        return new Interval(t, offered, processed, PacingBench.quantile(b, a, 0.5), PacingBench.quantile(b, a, 0.99),
                sent - in, rssMb(pid), jvm(now, "jvm_memory_used_bytes{area=\"heap\"") / 1e6,
                jvm(now, "jvm_gc_live_data_size_bytes") / 1e6, cpuSeconds / seconds);
    }

    /** Sum of a JVM meter's series (they carry no pipeline label). */
    private static double jvm(String metrics, String prefix) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return Double.NaN;
    }

    private static double mean(List<Interval> xs, ToDoubleFunction<Interval> f) {
        return xs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d) && !Double.isInfinite(d)).average()
                .orElse(Double.NaN);
    }

    private static double max(List<Interval> xs, ToDoubleFunction<Interval> f) {
        return xs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }

    /** Least-squares slope of {@code f} per minute. */
    private static double slopePerMinute(List<Interval> xs, ToDoubleFunction<Interval> f) {
        double n = xs.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Interval i : xs) {
            double x = i.t() / 60;
            double y = f.applyAsDouble(i);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    private static void write(Path out, List<Interval> xs, double max, int rate, int seconds, int interval, int warmup,
            String horizon) throws Exception {
        int window = Math.max(1, Math.min(xs.size() / 3, 120 / interval));
        List<Interval> first = xs.subList(0, window);
        List<Interval> last = xs.subList(xs.size() - window, xs.size());
        List<Interval> secondHalf = xs.subList(xs.size() / 2, xs.size());
        ObjectNode json = dev.tandem.shared.record.Json.mapper().createObjectNode();
        json.put("when", Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("maxRecordsPerSecond", max);
        json.put("rate", rate);
        json.put("dedupeHorizon", horizon);
        json.put("seconds", seconds);
        json.put("intervalSeconds", interval);
        ArrayNode probe = json.putArray("probe");
        PROBE.forEach(probe::add);
        ArrayNode arr = json.putArray("intervals");
        xs.forEach(i -> arr.add(dev.tandem.shared.record.Json.mapper().valueToTree(i)));
        String md = String.format(Locale.ROOT, """
                Soak, %d partitions, %d cores, %s, dedupe horizon %s: the maximum measured in this run %,.0f records/s (the highest
                of rising rates, two minutes each, kept up with); soak at %,d/s (%.0f%%) for %d s after %d s
                of warm-up, sampled every %d s. First and last %d s compared:

                | | first %d s | last %d s |
                |---|---:|---:|
                | records processed/s | %,.0f | %,.0f |
                | freshness p50 (mean of intervals) | %.2f s | %.2f s |
                | freshness p99 (worst interval) | %.2f s | %.2f s |
                | backlog, records (mean) | %,.0f | %,.0f |
                | function RSS | %.0f MB | %.0f MB |
                | heap in use (mean) | %.0f MB | %.0f MB |
                | live data after full GC | %.0f MB | %.0f MB |
                | function cores | %.2f | %.2f |

                Trend over the second half (least squares): RSS %+.1f MB/min, live data %+.1f MB/min, p99 %+.3f s/min.
                """, MicroBatchBench.PARTITIONS, Runtime.getRuntime().availableProcessors(), Instant.now(), horizon, max, rate,
                100.0 * rate / max, seconds, warmup, interval, window * interval, window * interval, window * interval,
                mean(first, Interval::processed), mean(last, Interval::processed), mean(first, Interval::p50),
                mean(last, Interval::p50), max(first, Interval::p99), max(last, Interval::p99),
                mean(first, Interval::backlog), mean(last, Interval::backlog), mean(first, Interval::rssMb),
                mean(last, Interval::rssMb), mean(first, Interval::heapUsedMb), mean(last, Interval::heapUsedMb),
                mean(first, Interval::liveDataMb), mean(last, Interval::liveDataMb), mean(first, Interval::cores),
                mean(last, Interval::cores), slopePerMinute(secondHalf, Interval::rssMb),
                slopePerMinute(secondHalf, Interval::liveDataMb), slopePerMinute(secondHalf, Interval::p99));
        if (!PROBE.isEmpty()) {
            md += "\nProbe, rising rates for two minutes each:\n\n" + String.join("\n", PROBE.stream().map(l -> "- " + l)
                    .toList()) + "\n";
        }
        Files.createDirectories(out);
        Files.write(out.resolve("soak.json"),
                dev.tandem.shared.record.Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        Files.writeString(out.resolve("soak.md"), md);
        Files.writeString(out.resolve("soak.svg"), svg(xs, rate));
        System.out.println(md);
    }

    /** Three panels over time: freshness p50/p99, memory (RSS, heap in use, live data), records/s. */
    private static String svg(List<Interval> xs, int rate) {
        int w = 900;
        int panel = 220;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\"><rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", w, 3 * panel + 40));
        List<List<ToDoubleFunction<Interval>>> series = List.of(List.of(Interval::p50, Interval::p99),
                List.of(Interval::rssMb, Interval::heapUsedMb, Interval::liveDataMb),
                List.of(Interval::processed, i -> rate));
        List<List<String>> names = List.of(List.of("p50", "p99"), List.of("RSS", "heap in use", "live data after GC"),
                List.of("processed", "offered"));
        String[] titles = {"freshness per interval (s)", "function memory (MB)", "records per second"};
        String[] colors = {"#1f77b4", "#d62728", "#2ca02c"};
        double xMax = xs.isEmpty() ? 1 : xs.get(xs.size() - 1).t();
        for (int k = 0; k < 3; k++) {
            int top = 20 + k * panel;
            double yMax = 1;
            for (ToDoubleFunction<Interval> f : series.get(k)) {
                yMax = Math.max(yMax, max(xs, f));
            }
            yMax *= 1.1;
            int left = 70;
            int plotW = w - left - 20;
            int plotH = panel - 60;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", left,
                    top + 12, titles[k]));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                    + " stroke=\"#ccc\"/>", left, top + 20, plotW, plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"5\" y=\"%d\">%,.1f</text><text x=\"5\" y=\"%d\">0</text>",
                    top + 30, yMax, top + 20 + plotH));
            for (int c = 0; c < series.get(k).size(); c++) {
                StringBuilder pts = new StringBuilder();
                for (Interval i : xs) {
                    double y = series.get(k).get(c).applyAsDouble(i);
                    if (Double.isNaN(y) || Double.isInfinite(y)) {
                        continue;
                    }
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + i.t() * plotW / xMax,
                            top + 20 + plotH - y * plotH / yMax));
                }
                svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s"
                        + " points=\"%s\"/>", colors[c], k == 2 && c == 1 ? " stroke-dasharray=\"4 3\"" : "", pts));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>",
                        left + plotW - 330 + c * 110, top + 12, colors[c], names.get(k).get(c)));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">seconds after warm-up (0 … %.0f)</text>",
                    left, top + 20 + plotH + 16, xMax));
        }
        return svg.append("</svg>\n").toString();
    }
}
