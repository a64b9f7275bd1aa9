package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


import dev.tandem.microbatch.testing.RandomBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Seeded random bodies for every HTTP endpoint of the micro-batch function — {@code /push} in both
 * wire formats, {@code /info}, and {@code /drain} (as an operator; it reads no body, so 50 calls): each answer is a 2xx, or a 4xx with
 * a problem body naming its status and no Java or library internals — never a 5xx. A 503 would be
 * allowed only for an unreachable Kafka or S3, which this run does not have. {@code -Dfuzz.seed}
 * replays a run; {@code -Dfuzz.bodies} sets the bodies per endpoint (2,000 by default).
 */
@QuarkusTest
@TestProfile(PushFuzzTest.OwnTopic.class)
@WithTestResource(TestStack.class)
@Tag("fuzz")
class PushFuzzTest {

    /** Push-only, on a topic of its own: random valid batches must not move the other push tests' partitions. */
    public static class OwnTopic extends PushOnly {
        static final String TOPIC = "orders-push-fuzz";

        @Override
        protected String topic() {
            return TOPIC;
        }
    }

    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    private static final int BODIES = Integer.getInteger("fuzz.bodies", 2_000);
    private static final List<String> PUSH_FIELDS = List.of("eventSource", "eventSourceArn", "bootstrapServers",
            "records", OwnTopic.TOPIC + "-3", "topic", "partition", "offset", "timestamp", "timestampType", "key",
            "value", "headers", "specversion", "id", "source", "type", "subject", "data", "datacontenttype",
            "kafkapartition", "kafkaoffset");

    @Test
    void everyRandomBodyGetsA2xxOrA4xxWithAProblemNeverA5xx() throws Exception {
        Map<String, String> endpoints = new TreeMap<>(Map.of("/push application/json", "application/json",
                "/push cloudevents", "application/cloudevents-batch+json", "/drain", "application/json",
                "/info", "application/json"));
        String token = DrainTest.token("tandem-operator");
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            String path = endpoint.getKey().split(" ")[0];
            RandomBodies bodies = new RandomBodies(SEED + endpoint.getKey().hashCode(), PUSH_FIELDS);
            // A drain reads no body: each call is a whole drain, and a few dozen show it ignores any body.
            int count = path.equals("/drain") ? Math.min(BODIES, 50) : BODIES;
            for (int i = 0; i < count; i++) {
                byte[] body = bodies.next();
                String type = bodies.contentType(endpoint.getValue());
                var request = given().auth().oauth2(token).body(body);
                if (!type.isEmpty()) {
                    request = request.contentType(type);
                }
                Response r = request.when().post(path);
                RandomBodies.assertAcceptable(r, String.format("seed %d, %s body %d (%s): %s", SEED,
                        endpoint.getKey(), i, type, RandomBodies.shorten(body)));
            }
        }
    }
}
