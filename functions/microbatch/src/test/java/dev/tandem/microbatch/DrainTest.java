package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tandem.localstack.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /drain} where the pull consumer runs: who may call it, and the 409 while a live consumer owns the partitions. */
@QuarkusTest
@WithTestResource(TestStack.class)
class DrainTest {

    static String token(String... roles) {
        return LocalStackTestResource.stack().devTokens().token("drain-test", Set.of(roles), Duration.ofMinutes(30));
    }

    @Test
    void aDrainNeedsAnOperatorToken() {
        given().when().post("/drain").then().statusCode(401);
        given().auth().oauth2(token("tandem-viewer")).when().post("/drain").then().statusCode(403);
    }

    @Test
    void aDrainWhileTheLiveConsumerOwnsThePartitionsIsAConflict() {
        // The pull consumer of this application owns the orders partitions once it has been assigned them.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().when()
                .get("/q/health/ready").statusCode() == 200);

        given().auth().oauth2(token("tandem-operator")).when().post("/drain").then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("live consumer owns partitions"))
                .body("instance", equalTo("/drain"));
    }

    @Test
    void theInfoFunctionSaysWhichRhythmTheFreshnessPicked() {
        given().when().post("/info").then().statusCode(200)
                .body("pipeline", equalTo("orders"))
                .body("schedule", equalTo("continuous"))
                .body("drainEvery", equalTo(""))
                .body("why", equalTo("freshness.latency 5s is below 5m: continuous micro-batches"));
    }
}
