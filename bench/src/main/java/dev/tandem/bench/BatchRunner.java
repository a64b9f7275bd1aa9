package dev.tandem.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.localstack.LocalStack;
import dev.tandem.shared.record.Json;

/** The packaged batch function as its own JVM: one recompute over a range, timed, with the JVM's peak RSS. */
final class BatchRunner {

    static final String JAR = "functions/batch/target/quarkus-app/quarkus-run.jar";

    private BatchRunner() {
    }

    /** Starts the function on {@code pipelineFile}, recomputes {@code [from, to)}, stops it; what it measured. */
    static ObjectNode recompute(LocalStack stack, Path dir, Path pipelineFile, String name, Instant from, Instant to,
            String heap) throws Exception {
        return recompute(stack, dir, pipelineFile, name, from, to, heap, Path.of(JAR),
                System.getenv().getOrDefault("TANDEM_BENCH_BATCH_OPTS", ""));
    }

    /**
     * As above, with the batch function packaged at {@code jar} and extra JVM options (space-separated;
     * an A/B of two builds or two settings).
     */
    static ObjectNode recompute(LocalStack stack, Path dir, Path pipelineFile, String name, Instant from, Instant to,
            String heap, Path jar, String jvmOptions) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(MicroBatchBench.javaBin(), "-Xmx" + heap));
        cmd.addAll(MicroBatchBench.FUNCTION_JVM);
        cmd.addAll(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true",
                "-Dtandem.pipeline.file=" + pipelineFile, "-Dtandem.batch.max-range=P30D"));
        String extra = jvmOptions.trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        stack.quarkusConfig().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-batch.log").toFile()).start();
        try {
            MicroBatchBench.awaitReady(p, port);
            Map<String, Double> atReady = CpuTime.byThreadKind(p.pid());
            String token = stack.devTokens().token("bench", Set.of("tandem-operator"), Duration.ofHours(2));
            String body = "{\"pipeline\":\"" + name + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
            long t0 = System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/recompute")).timeout(Duration.ofHours(1))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("recompute answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode result = Json.mapper().readTree(r.body()).get("result");
            ObjectNode n = Json.mapper().createObjectNode();
            n.put("records", result.get("records").asLong());
            n.put("segments", result.get("segments").asLong());
            n.put("windows", result.get("windows").asLong());
            n.put("seconds", Math.round(seconds * 1000) / 1000.0);
            n.put("recordsPerSecond", Math.round(result.get("records").asLong() / seconds));
            n.put("heap", heap);
            n.put("peakRssBytes", ConsumerBaseline.peakRss(Path.of("/proc/" + p.pid() + "/status")));
            // Where the run's CPU went, by thread kind (JIT, collector, the application's pools), start-up apart.
            Map<String, Double> threads = CpuTime.byThreadKind(p.pid());
            threads.replaceAll((k, v) -> Math.round((v - atReady.getOrDefault(k, 0.0)) * 100) / 100.0);
            n.set("threadCpuSecondsAtReady", Json.mapper().valueToTree(atReady));
            n.set("threadCpuSecondsRecompute", Json.mapper().valueToTree(threads));
            return n;
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
