package dev.tandem.microbatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.shared.definition.ExamplePipeline;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The micro-batch function as a queue trigger deploys it: the pull channel off, records pushed over
 * HTTP. The pipeline reads its own topic of {@value #PARTITIONS} partitions, which no pull consumer
 * of the test JVM reads, so the push guard admits them; each test class pushes to partitions of its
 * own.
 */
public class PushOnly implements QuarkusTestProfile {

    static final String TOPIC = "orders-push";
    static final int PARTITIONS = 20;
    private static final Map<String, Map<String, String>> CONFIGS = new java.util.HashMap<>();

    /** The source topic: the fuzz suite pushes to its own, so its records never meet the other tests'. */
    protected String topic() {
        return TOPIC;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        synchronized (CONFIGS) {
            return CONFIGS.computeIfAbsent(topic(), this::configFor);
        }
    }

    private Map<String, String> configFor(String topic) {
        LocalStackTestResource.stack().createTopics(Map.of(topic, PARTITIONS));
        Path file;
        try {
            file = ExamplePipeline.write(Files.createTempDirectory("tandem-push-"), "pipelines/orders-test.yaml",
                    "orders.yaml", yaml -> yaml.replace("  topic: orders\n", "  topic: " + topic + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("tandem.pipeline.file", file.toString(), "mp.messaging.incoming.source.enabled", "false",
                "mp.messaging.incoming.source.topic", topic, "tandem.drain.scheduled", "false");
    }
}
