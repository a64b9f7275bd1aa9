package dev.tandem.microbatch;

import java.util.HashMap;
import java.util.Map;

import dev.tandem.localstack.LocalStackTestResource;

/**
 * The local stack and the pipeline's topics this module's tests use. Every test
 * class uses this one resource, so they share one Quarkus application and one stack.
 */
public class TestStack extends LocalStackTestResource {

    static final int SOURCE_PARTITIONS = 3;
    /** Where the application under test appends its OpenLineage events. */
    static final java.nio.file.Path LINEAGE_FILE = tempFile();

    private static java.nio.file.Path tempFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("tandem-lineage-", ".jsonl");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        stack().createTopics(Map.of("orders", SOURCE_PARTITIONS, "orders.results", 3, "orders.dlq", 1));
        config.put("tandem.pipeline.resource", "pipelines/orders-test.yaml");
        config.put("tandem.microbatch.idle-check-interval", "1s");
        config.put("tandem.lineage.file", LINEAGE_FILE.toString());
        config.put("tandem.lineage.every-batches", "1");
        return config;
    }
}
