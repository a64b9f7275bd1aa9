package dev.tandem.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.tandem.localstack.LocalStackTestResource;

/**
 * The local stack with the pipeline's topics, a micro-batch run's segments and results in it, and
 * the channels this module's tests use. Every test class uses this one resource, so they share one
 * Quarkus application, one stack and one micro-batch run.
 */
public class TestStack extends LocalStackTestResource {

    static final String SMOKE_TOPIC = "batch-smoke";
    static final int SOURCE_PARTITIONS = 3;
    static Path dir;
    static Path lineageFile;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            dir = Files.createTempDirectory("tandem-batch-test-");
            lineageFile = dir.resolve("lineage.jsonl");
            stack().createTopics(Map.of("orders", SOURCE_PARTITIONS, "orders.results", 3, "orders.dlq", 1));
            MicroBatchRun.run(stack(), dir);
        } catch (Exception e) {
            throw new IllegalStateException("Could not prepare the micro-batch run the batch tests read", e);
        }
        config.put("tandem.pipeline.file", MicroBatchRun.pipelineFile.toString());
        config.put("tandem.lineage.file", lineageFile.toString());
        config.put("tandem.batch.max-range", "P2D");
        config.put("mp.messaging.incoming.smoke.connector", "smallrye-kafka");
        config.put("mp.messaging.incoming.smoke.topic", SMOKE_TOPIC);
        config.put("mp.messaging.incoming.smoke.batch", "true");
        config.put("mp.messaging.incoming.smoke.auto.offset.reset", "earliest");
        config.put("mp.messaging.incoming.smoke.group.id", "batch-smoke");
        return config;
    }

    @Override
    public void stop() {
        try {
            MicroBatchRun.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.stop();
    }
}
