package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;

/**
 * Runs the shared-engine benchmarks in one JVM run and writes their results and ratios to
 * {@code bench/results/shared-engine.json} and {@code .md}.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests &amp;&amp; java -jar bench/target/tandem-bench.jar [--quick] [--out DIR]
 * </pre>
 */
public final class SharedEngineBench {

    private SharedEngineBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use [--quick] [--out DIR]");
            }
        }
        Options options = new OptionsBuilder()
                .include(SharedEngineBenchmarks.class.getName())
                .include(SnapshotBenchmarks.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xmx2g")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            score.put(name, r.getPrimaryResult().getScore());
            error.put(name, r.getPrimaryResult().getScoreError());
        }
        StateLayout layout = StateLayout.of(BenchData.ORDERS);
        PartitionState state = SnapshotBenchmarks.tenThousandOpenRows(layout);
        int rows = state.openRows();
        int snapshotBytes = state.snapshot().length;
        long heapBytes = retainedHeap(layout);

        double baseline = score.get("baselineJacksonHashMapSum");
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("when", Instant.now().toString());
        json.put("java", System.getProperty("java.version"));
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("quick", quick);
        ObjectNode perSecond = json.putObject("recordsPerSecondPerCore");
        for (String b : new String[] {"decodeAndValidate", "fold", "decodeValidateAndFold", "baselineJacksonHashMapSum"}) {
            perSecond.putObject(b).put("score", Math.round(score.get(b))).put("error", Math.round(error.get(b)));
        }
        ObjectNode ratios = json.putObject("ratiosToBaseline");
        ratios.put("fold", round(score.get("fold") / baseline));
        ratios.put("decodeAndValidate", round(score.get("decodeAndValidate") / baseline));
        ratios.put("decodeValidateAndFold", round(score.get("decodeValidateAndFold") / baseline));
        ObjectNode snap = json.putObject("snapshot10kRows");
        snap.put("rows", rows);
        snap.put("bytes", snapshotBytes);
        snap.put("snapshotMs", round(score.get("snapshot")));
        snap.put("restoreMs", round(score.get("restore")));
        snap.put("heapBytesApprox", heapBytes);

        Files.createDirectories(out);
        Files.write(out.resolve("shared-engine.json"), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        String md = markdown(score, error, baseline, rows, snapshotBytes, heapBytes, quick);
        Files.writeString(out.resolve("shared-engine.md"), md);
        System.out.println(md);
    }

    private static String markdown(Map<String, Double> score, Map<String, Double> error, double baseline, int rows,
            int snapshotBytes, long heapBytes, boolean quick) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Shared engine, one thread, %s, Java %s%s%n%n", Instant.now(),
                System.getProperty("java.version"), quick ? " (quick run)" : ""));
        s.append("| path | records/s per core | ± | ratio to baseline |\n|---|---:|---:|---:|\n");
        row(s, "baseline: Jackson parse + HashMap sum", "baselineJacksonHashMapSum", score, error, baseline);
        row(s, "fold (dedupe + 7 aggregates) of decoded records", "fold", score, error, baseline);
        row(s, "decode + schema validation + rules + masking", "decodeAndValidate", score, error, baseline);
        row(s, "decode + validate + fold", "decodeValidateAndFold", score, error, baseline);
        row(s, "Jackson tree of the payload alone (the decoder's mapper)", "jsonTreeOnly", score, error, baseline);
        row(s, "Jackson token stream of the payload alone, strings and decimals made", "jsonTokensOnly", score, error,
                baseline);
        s.append(String.format(Locale.ROOT, "%nSnapshot of %,d open (window, group) rows: %,d bytes, snapshot %.1f ms,"
                + " restore %.1f ms, about %,d bytes of heap.%n", rows, snapshotBytes, score.get("snapshot"),
                score.get("restore"), heapBytes));
        return s.toString();
    }

    private static void row(StringBuilder s, String label, String key, Map<String, Double> score,
            Map<String, Double> error, double baseline) {
        s.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", label, score.get(key), error.get(key),
                score.get(key) / baseline));
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    /** Heap retained by a 10k-row state: used heap after GC with and without it. */
    private static long retainedHeap(StateLayout layout) throws IOException {
        Runtime rt = Runtime.getRuntime();
        settle();
        long before = rt.totalMemory() - rt.freeMemory();
        PartitionState state = SnapshotBenchmarks.tenThousandOpenRows(layout);
        settle();
        long after = rt.totalMemory() - rt.freeMemory();
        if (state.openRows() == 0) {
            throw new IllegalStateException("unreachable");
        }
        return Math.max(0, after - before);
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
