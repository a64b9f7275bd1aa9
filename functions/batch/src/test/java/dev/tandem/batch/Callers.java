package dev.tandem.batch;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Set;

import dev.tandem.batch.security.Roles;
import dev.tandem.localstack.LocalStackTestResource;
import io.restassured.specification.RequestSpecification;

/** Requests with bearer tokens signed by the test stack's dev key. */
final class Callers {

    private Callers() {
    }

    static String token(String subject, String... roles) {
        return LocalStackTestResource.stack().devTokens().token(subject, Set.of(roles), Duration.ofMinutes(30));
    }

    static RequestSpecification operator() {
        return given().auth().oauth2(token("olivia-operator", Roles.OPERATOR)).contentType("application/json");
    }

    static RequestSpecification viewer() {
        return given().auth().oauth2(token("victor-viewer", Roles.VIEWER)).contentType("application/json");
    }

    static String range(String from, String to) {
        return "{\"pipeline\":\"orders\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
    }

    static String range() {
        return range(MicroBatchRun.RANGE.from().toString(), MicroBatchRun.RANGE.to().toString());
    }
}
