package dev.tandem.batch;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


import dev.tandem.microbatch.testing.RandomBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Seeded random bodies for every endpoint of the batch function, as an operator: each answer is a
 * 2xx, or a 4xx with a problem body naming its status and no Java or library internals — never a
 * 5xx, never a hang. {@code -Dfuzz.seed} replays a run; {@code -Dfuzz.bodies} sets the
 * bodies per endpoint (2,000 by default).
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@Tag("fuzz")
class RequestsFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261201L);
    private static final int BODIES = Integer.getInteger("fuzz.bodies", 2_000);
    private static final Map<String, List<String>> ENDPOINTS = Map.of(
            "/recompute", List.of("pipeline", "from", "to", "async"),
            "/reconcile", List.of("pipeline", "from", "to", "async"),
            "/compact", List.of("pipeline", "from", "to", "async"),
            "/replay", List.of("manifest", "async"),
            "/retention", List.of("pipeline"),
            "/backfill", List.of("pipeline", "async"),
            "/resume", List.of("runId", "async"),
            "/runStatus", List.of("runId"),
            "/info", List.of("pipeline"));

    @Test
    void everyRandomBodyGetsA2xxOrA4xxWithAProblemNeverA5xx() throws Exception {
        String token = Callers.token("fuzz-operator", "tandem-operator");
        for (Map.Entry<String, List<String>> endpoint : new java.util.TreeMap<>(ENDPOINTS).entrySet()) {
            RandomBodies bodies = new RandomBodies(SEED + endpoint.getKey().hashCode(), endpoint.getValue());
            for (int i = 0; i < BODIES; i++) {
                byte[] body = bodies.next();
                String type = bodies.contentType("application/json");
                var request = given().auth().oauth2(token).body(body);
                if (!type.isEmpty()) {
                    request = request.contentType(type);
                }
                Response r = request.when().post(endpoint.getKey());
                RandomBodies.assertAcceptable(r, String.format("seed %d, %s body %d (%s): %s", SEED,
                        endpoint.getKey(), i, type, RandomBodies.shorten(body)));
            }
        }
    }
}
