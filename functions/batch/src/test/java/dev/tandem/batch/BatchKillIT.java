package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.microbatch.testing.FunctionProcess;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.SourceCoordinates;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.storage.SegmentKey;

/**
 * The packaged batch function SIGKILLed in the middle of an async recompute, started again, and the
 * run resumed from its manifest: the published results are those of a clean run.
 */
@Tag("e2e")
class BatchKillIT {

    static final Instant HOUR = Instant.parse("2026-03-01T09:00:00Z");
    static final TimeRange RANGE = new TimeRange(HOUR, HOUR.plusSeconds(3600));
    static final int SEGMENTS_PER_PARTITION = 700;

    @Test
    void aRunKilledMidwayAndResumedPublishesWhatACleanRunPublishes() throws Exception {
        Path dir = Files.createTempDirectory("tandem-batch-kill-");
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir.resolve("stack")))) {
            Path pipeline = ExamplePipeline.write(dir.resolve("pipeline"), "pipelines/orders-test.yaml", "orders.yaml",
                    yaml -> yaml);
            land(stack);
            Map<String, String> props = new HashMap<>(stack.quarkusConfig());
            props.put("tandem.pipeline.file", pipeline.toString());
            Path jar = Path.of(System.getProperty("batch.function.jar"));
            String token = stack.devTokens().token("kill-test", Set.of("tandem-operator"), Duration.ofHours(1));
            String range = "{\"pipeline\":\"orders\",\"from\":\"" + RANGE.from() + "\",\"to\":\"" + RANGE.to() + "\"";

            String runId;
            try (FunctionProcess first = FunctionProcess.start(jar, props, dir.resolve("batch-1.log"))) {
                first.awaitReady(Duration.ofSeconds(60));
                JsonNode started = post(first, token, "/recompute", range + ",\"async\":true}", 202);
                runId = started.get("runId").asText();
                // Killed once the run has read some segments, and long before it can finish.
                JsonNode status = started;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (status.at("/progress/segmentsDone").asInt() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    status = post(first, token, "/runStatus", "{\"runId\":\"" + runId + "\"}", 200);
                }
                assertThat(status.get("state").asText()).as("still running when killed").isEqualTo("RUNNING");
                assertThat(status.at("/progress/segmentsDone").asInt()).isPositive()
                        .isLessThan(3 * SEGMENTS_PER_PARTITION);
                first.kill();
            }
            assertThat(stack.dataDir().resolve("s3").resolve(stack.bucket()).resolve(ObjectKeys.pointer("orders", RANGE.from(), RANGE.to())))
                    .as("nothing published by the killed run").doesNotExist();

            try (FunctionProcess second = FunctionProcess.start(jar, props, dir.resolve("batch-2.log"))) {
                second.awaitReady(Duration.ofSeconds(60));
                JsonNode stale = post(second, token, "/runStatus", "{\"runId\":\"" + runId + "\"}", 200);
                assertThat(stale.get("state").asText()).as("the status the killed instance left").isEqualTo("RUNNING");
                JsonNode resumed = post(second, token, "/resume", "{\"runId\":\"" + runId + "\"}", 200);
                assertThat(resumed.get("state").asText()).isEqualTo("SUCCEEDED");
                assertThat(resumed.get("attempts").asInt()).isEqualTo(2);
                assertThat(resumed.at("/result/segments").asInt()).isEqualTo(3 * SEGMENTS_PER_PARTITION);
                JsonNode pointer = Json.mapper().readTree(Files.readAllBytes(stack.dataDir().resolve("s3")
                        .resolve(stack.bucket()).resolve(ObjectKeys.pointer("orders", RANGE.from(), RANGE.to()))));
                assertThat(pointer.get("runId").asText()).isEqualTo(runId);

                JsonNode clean = post(second, token, "/recompute", range + "}", 200);
                assertThat(results(stack, runId)).isEqualTo(results(stack, clean.get("runId").asText()));
            }
        }
    }

    /** Segments as the micro-batch function lands them: 3 partitions, small batches, one hour. */
    private static void land(LocalStack stack) throws Exception {
        Path bucket = stack.dataDir().resolve("s3").resolve(stack.bucket());
        Random random = new Random(20261125L);
        for (int p = 0; p < 3; p++) {
            long offset = 0;
            for (int s = 0; s < SEGMENTS_PER_PARTITION; s++) {
                List<Envelope> batch = new ArrayList<>();
                long first = offset;
                for (int i = 0; i < 10; i++, offset++) {
                    long t = HOUR.toEpochMilli() + offset * 300L + random.nextInt(2000);
                    String store = "store-" + (random.nextInt(4) * 3 + p);
                    String id = "o-" + p + "-" + offset;
                    JsonNode payload = Json.mapper().readTree("{\"orderId\":\"" + id + "\",\"createdAt\":\""
                            + Instant.ofEpochMilli(t) + "\",\"storeId\":\"" + store + "\",\"amount\":"
                            + (100 + random.nextInt(9000)) / 100.0 + ",\"currency\":\"EUR\",\"customer\":{\"id\":\"c"
                            + random.nextInt(50) + "\"}}");
                    batch.add(new Envelope(id, t, GroupKey.of(List.of(store)), new SourceCoordinates("orders", p, offset),
                            t, 2, Optional.empty(), payload));
                }
                for (Map.Entry<SegmentKey, List<Envelope>> e : RawSegment.split("orders", dev.tandem.shared.definition.SegmentCodec.GZIP, first, offset - 1, batch)
                        .entrySet()) {
                    Path file = bucket.resolve(e.getKey().key());
                    Files.createDirectories(file.getParent());
                    Files.write(file, RawSegment.write(e.getValue(), dev.tandem.shared.definition.SegmentCodec.GZIP));
                }
            }
        }
    }

    private static List<String> results(LocalStack stack, String runId) throws Exception {
        Path dir = stack.dataDir().resolve("s3").resolve(stack.bucket()).resolve(ObjectKeys.results("orders", runId));
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add(dir.relativize(f) + " " + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static JsonNode post(FunctionProcess f, String token, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + f.port() + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return Json.mapper().readTree(r.body());
    }
}
