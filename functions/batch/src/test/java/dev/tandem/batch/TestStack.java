package dev.tandem.batch;

import java.util.HashMap;
import java.util.Map;

import dev.tandem.localstack.LocalStackTestResource;

/**
 * The local stack plus the channels this module's tests consume. Every test class uses this one
 * resource, so they share one Quarkus application and one stack.
 */
public class TestStack extends LocalStackTestResource {

    static final String SMOKE_TOPIC = "batch-smoke";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("mp.messaging.incoming.smoke.connector", "smallrye-kafka");
        config.put("mp.messaging.incoming.smoke.topic", SMOKE_TOPIC);
        config.put("mp.messaging.incoming.smoke.batch", "true");
        config.put("mp.messaging.incoming.smoke.auto.offset.reset", "earliest");
        config.put("mp.messaging.incoming.smoke.group.id", "batch-smoke");
        return config;
    }
}
