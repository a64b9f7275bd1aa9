package dev.tandem.batch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call what, what a bad request is told, and what the audit log keeps. */
@QuarkusTest
@WithTestResource(TestStack.class)
class RequestsTest {

    @Inject
    ObjectStore store;

    @Inject
    software.amazon.awssdk.services.s3.S3Client s3;

    @Test
    void withoutATokenEveryFunctionAnswers401() {
        for (String path : List.of("/recompute", "/reconcile", "/replay", "/compact", "/retention", "/backfill",
                "/resume", "/runStatus")) {
            given().contentType("application/json").body(Callers.range()).post(path).then().statusCode(401);
        }
        given().auth().oauth2("not-a-token").contentType("application/json").body(Callers.range()).post("/recompute")
                .then().statusCode(401);
        // Every refusal says why, in a problem body.
        given().contentType("application/json").body(Callers.range()).post("/recompute").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401))
                .body("detail", containsString("bearer token")).body("instance", equalTo("/recompute"));
    }

    @Test
    void tokensOfAnotherIssuerAudienceOrKeyExpiredOrWithoutExpiryAre401AndNoneOfThemIsLogged() throws Exception {
        dev.tandem.localstack.LocalStack stack = dev.tandem.localstack.LocalStackTestResource.stack();
        dev.tandem.localstack.DevTokens tokens = stack.devTokens();
        java.time.Instant inAnHour = java.time.Instant.now().plusSeconds(3600);
        Set<String> viewer = Set.of(dev.tandem.batch.security.Roles.VIEWER);
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("another issuer", tokens.token("https://evil.example/", "tandem", "mallory", viewer, inAnHour));
        refused.put("another audience", tokens.token(dev.tandem.localstack.DevTokens.ISSUER, "billing", "mallory", viewer,
                inAnHour));
        refused.put("no audience", tokens.token(dev.tandem.localstack.DevTokens.ISSUER, null, "mallory", viewer, inAnHour));
        refused.put("expired ten minutes ago", tokens.token(dev.tandem.localstack.DevTokens.ISSUER, "tandem", "mallory",
                viewer, java.time.Instant.now().minusSeconds(600)));
        refused.put("no expiry", tokens.token(dev.tandem.localstack.DevTokens.ISSUER, "tandem", "mallory", viewer, null));
        refused.put("signed with another key", io.smallrye.jwt.build.Jwt.issuer(dev.tandem.localstack.DevTokens.ISSUER)
                .audience("tandem").subject("mallory").groups(viewer).expiresAt(inAnHour)
                .sign(generator.generateKeyPair().getPrivate()));
        String runStatus = "{\"runId\":\"recompute-20260301T090000Z-0badc0de\"}";
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        refused.forEach((why, token) -> {
            var r = given().auth().oauth2(token).contentType("application/json").body(runStatus).post("/runStatus");
            answers.put(why, r.statusCode() + " " + r.contentType() + " " + r.jsonPath().getString("detail"));
        });
        assertThat(answers).allSatisfy((why, answer) -> assertThat(answer).as(why)
                .startsWith("401 application/problem+json").contains("bearer token"));
        // The same claims from the right issuer, for this audience, signed with the right key: accepted
        // (404: there is no such run).
        String valid = tokens.token(dev.tandem.localstack.DevTokens.ISSUER, "tandem", "victor", viewer, inAnHour);
        given().auth().oauth2(valid).contentType("application/json").body(runStatus).post("/runStatus").then()
                .statusCode(404);

        // Secrets never reach the log: not the S3 secret key, not the masking key, not a token.
        java.nio.file.Path log = java.nio.file.Path.of("target/quarkus-test.log");
        assertThat(log).exists();
        String text = java.nio.file.Files.readString(log);
        assertThat(text).as("the log").contains("Installed features");
        assertThat(text).doesNotContain(stack.s3SecretKey()).doesNotContain(stack.quarkusConfig().get("tandem.masking.key"))
                .doesNotContain(valid);
        refused.forEach((why, token) -> assertThat(text).as("token with %s", why).doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void aRefusedCallGetsAProblemBodyAndIsInTheAuditLog() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        given().contentType("application/json").body(Callers.range()).post("/reconcile").then().statusCode(401)
                .contentType("application/problem+json").body("detail", containsString("bearer token"));
        Callers.viewer().body(Callers.range()).post("/recompute").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403))
                .body("detail", containsString("tandem-operator"));
        // Over the 10 MB body limit: 413 from the HTTP server, before the body is sent (Expect: 100-continue,
        // as clients send large bodies).
        java.net.http.HttpResponse<String> tooLarge = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(io.restassured.RestAssured.baseURI + ":"
                        + io.restassured.RestAssured.port + "/recompute")).expectContinue(true)
                        .header("Authorization", "Bearer " + Callers.token("olivia-operator", "tandem-operator"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"pipeline\":\""
                                + "x".repeat(11 * 1024 * 1024) + "\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> denied = new ArrayList<>();
            for (JsonNode entry : auditSince(since)) {
                if (entry.path("event").asText().equals("denied")) {
                    denied.add(entry);
                }
            }
            assertThat(denied).anySatisfy(e -> {
                assertThat(e.at("/outcome/status").asInt()).isEqualTo(403);
                assertThat(e.get("what").asText()).isEqualTo("POST /recompute");
                assertThat(e.get("who").asText()).isEqualTo("victor-viewer");
                assertThat(e.get("roles").toString()).contains("tandem-viewer");
            }).anySatisfy(e -> {
                assertThat(e.at("/outcome/status").asInt()).isEqualTo(401);
                assertThat(e.get("who").asText()).isEqualTo("anonymous");
            });
        });
    }

    @Test
    void aMethodThePathDoesNotTakeIs405WithAProblemBodyAndIsAudited() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        given().auth().oauth2(Callers.token("alice", "tandem-operator")).when().get("/recompute").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", "POST")
                .body("status", equalTo(405)).body("detail", containsString("GET is not accepted by /recompute"));
        await().atMost(Duration.ofSeconds(30)).until(() -> auditSince(since)
                .stream().map(JsonNode::toString)
                .anyMatch(e -> e.contains("\"denied\"") && e.contains("GET /recompute") && e.contains("405")));
    }

    @Test
    void aBackfillWithNoCutPendingSucceedsWithNothingToDoAndChecksItsRequest() {
        Callers.operator().body("{\"pipeline\":\"orders\"}").post("/backfill").then().statusCode(200)
                .body("kind", equalTo("BACKFILL")).body("state", equalTo("SUCCEEDED"))
                .body("result.cuts", org.hamcrest.Matchers.empty()).body("result.records", equalTo(0));
        Callers.viewer().body("{\"pipeline\":\"orders\"}").post("/backfill").then().statusCode(403)
                .contentType("application/problem+json");
        Callers.operator().body("{\"pipeline\":\"orders\",\"from\":\"2026-03-01T00:00:00Z\"}").post("/backfill").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("from"));
        Callers.operator().body("{\"pipeline\":\"invoices\"}").post("/backfill").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("pipeline"));
    }

    @Test
    void aViewerMayReadRunStatusButNotStartRuns() {
        Callers.viewer().body(Callers.range()).post("/recompute").then().statusCode(403);
        Callers.viewer().body("{\"pipeline\":\"orders\"}").post("/retention").then().statusCode(403);
        given().auth().oauth2(Callers.token("nobody")).contentType("application/json").body("{\"runId\":\"x\"}")
                .post("/runStatus").then().statusCode(403);
        String runId = Callers.operator().body(Callers.range()).post("/recompute").then().statusCode(200).extract()
                .path("runId");
        Callers.viewer().body("{\"runId\":\"" + runId + "\"}").post("/runStatus").then().statusCode(200)
                .body("state", equalTo("SUCCEEDED")).body("requestedBy", equalTo("olivia-operator"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "not JSON                |{\"pipeline\": \"orders\", |400||not valid JSON",
        "an array                |[]|400||must be a JSON object",
        "empty body              ||400||the body is empty",
        "missing from            |{\"pipeline\":\"orders\",\"to\":\"2026-03-01T10:00:00Z\"}|400|from|'from' is required",
        "from not a time         |{\"pipeline\":\"orders\",\"from\":\"yesterday\",\"to\":\"2026-03-01T10:00:00Z\"}|400|from|ISO-8601",
        "from after to           |{\"pipeline\":\"orders\",\"from\":\"2026-03-01T11:00:00Z\",\"to\":\"2026-03-01T10:00:00Z\"}|400|from|must be before",
        "range too long          |{\"pipeline\":\"orders\",\"from\":\"2026-03-01T00:00:00Z\",\"to\":\"2026-03-04T00:00:00Z\"}|400|to|tandem.batch.max-range",
        "unknown pipeline        |{\"pipeline\":\"payments\",\"from\":\"2026-03-01T09:00:00Z\",\"to\":\"2026-03-01T10:00:00Z\"}|404|pipeline|unknown pipeline 'payments'",
        "unknown field           |{\"pipeline\":\"orders\",\"form\":\"2026-03-01T09:00:00Z\",\"to\":\"2026-03-01T10:00:00Z\"}|400|form|unknown field 'form'",
        "async not a boolean     |{\"pipeline\":\"orders\",\"from\":\"2026-03-01T09:00:00Z\",\"to\":\"2026-03-01T10:00:00Z\",\"async\":\"yes\"}|400|async|true or false",
    })
    void aBadRecomputeRequestGetsAProblemNamingTheField(String name, String body, int status, String field,
            String detail) {
        var response = Callers.operator().body(body == null ? "" : body).post("/recompute").then().statusCode(status)
                .contentType("application/problem+json").body("status", equalTo(status))
                .body("instance", equalTo("/recompute")).body("detail", containsString(detail));
        if (field != null) {
            response.body("field", equalTo(field));
        }
    }

    @Test
    void unknownRunsAndManifestsAre404AndAWrongMediaType415() {
        Callers.operator().body("{\"runId\":\"recompute-none\"}").post("/runStatus").then().statusCode(404)
                .body("field", equalTo("runId"));
        Callers.operator().body("{\"runId\":\"recompute-none\"}").post("/resume").then().statusCode(404)
                .body("field", equalTo("runId"));
        Callers.operator().body("{\"manifest\":\"runs/orders/none/manifest.json\"}").post("/replay").then()
                .statusCode(404).body("field", equalTo("manifest"));
        Callers.operator().contentType("text/plain").body(Callers.range()).post("/recompute").then().statusCode(415)
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "/runStatus|runId|../../etc/passwd",
        "/runStatus|runId|/etc/passwd",
        "/resume|runId|../../etc/passwd",
        "/resume|runId|recompute-x/../../../raw",
        "/replay|manifest|../../etc/passwd",
        "/replay|manifest|/etc/passwd",
        "/replay|manifest|raw/orders/date=2026-03-01/hour=09/orders-0-00000000000000000000.ndjson.gz",
        "/replay|manifest|runs/orders/../../checkpoints/x/manifest.json",
        "/replay|manifest|runs/payments/recompute-20261130T120000Z-1a2b3c4d/manifest.json",
    })
    void keysThatAreNotARunsAre400NeverReadFromTheBucket(String path, String field, String value) {
        Callers.operator().body("{\"" + field + "\":\"" + value + "\"}").post(path).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo(field))
                .body("detail", containsString("is not a"));
    }

    @Test
    void resumingARunThatSucceededIsAConflict() {
        String runId = Callers.operator().body(Callers.range()).post("/recompute").then().statusCode(200).extract()
                .path("runId");
        Callers.operator().body("{\"runId\":\"" + runId + "\"}").post("/resume").then().statusCode(409)
                .body("detail", containsString("already succeeded"));
    }

    @Test
    void everyInvocationIsInTheAuditLogWithWhoWhatArgumentsAndOutcome() throws Exception {
        java.time.Instant since = java.time.Instant.now();
        String body = Callers.range();
        String runId = Callers.operator().body(body).post("/recompute").then().statusCode(200).extract().path("runId");
        Callers.operator().body("{\"pipeline\": \"orders\", ").post("/recompute").then().statusCode(400);

        // An outcome is logged once the answer is sent: either call's may still be on its way.
        List<JsonNode> entries = await().atMost(Duration.ofSeconds(30))
                .until(() -> auditSince(since), es -> es.stream().anyMatch(e -> e.at("/outcome/status").asInt() == 400)
                        && es.stream().anyMatch(e -> e.path("outcome").path("runId").asText().equals(runId)));
        JsonNode outcome = entries.stream().filter(e -> e.path("outcome").path("runId").asText().equals(runId))
                .findFirst().orElseThrow();
        assertThat(outcome.get("who").asText()).isEqualTo("olivia-operator");
        assertThat(outcome.get("what").asText()).isEqualTo("recompute");
        assertThat(outcome.at("/outcome/status").asInt()).isEqualTo(200);
        JsonNode requested = entries.stream().filter(e -> e.get("invocation").asText()
                .equals(outcome.get("invocation").asText()) && e.get("event").asText().equals("requested"))
                .findFirst().orElseThrow();
        assertThat(requested.get("arguments")).isEqualTo(Json.mapper().readTree(body));
        assertThat(requested.get("roles").toString()).contains("tandem-operator");
        assertThat(entries).as("the malformed request is logged as sent, with its 400")
                .anySatisfy(e -> assertThat(e.at("/outcome/status").asInt()).isEqualTo(400));
        assertThat(entries).anySatisfy(e -> assertThat(e.path("arguments").asText()).isEqualTo("{\"pipeline\": \"orders\", "));
    }

    /**
     * The audit entries written since {@code since} (less a second). The log is shared with the other
     * test classes — the fuzz suite alone writes tens of thousands of entries, most within a minute or
     * two of this class — so the listing starts after the key of that second (keys start with their
     * time): listing whole minutes paged through the fuzz suite's entries and, with the embedded S3
     * server scanning its directory for every page, one poll outlasted the 30 s wait in CI.
     */
    private List<JsonNode> auditSince(java.time.Instant since) throws java.io.IOException {
        java.time.Instant from = since.minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<JsonNode> entries = new ArrayList<>();
        java.time.LocalDate tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
        for (java.time.LocalDate day = from.atZone(java.time.ZoneOffset.UTC).toLocalDate(); day.isBefore(tomorrow);
                day = day.plusDays(1)) {
            java.time.Instant dayStart = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            String key = dev.tandem.shared.storage.ObjectKeys.auditEntry("orders",
                    from.isAfter(dayStart) ? from : dayStart, "x", "e");
            String dayPrefix = key.substring(0, key.lastIndexOf('/') + 1);
            // "...T09-30-05Z-x-e.json" less its "Z...": every entry of that second or later sorts after it.
            String startAfter = key.substring(0, key.lastIndexOf('Z'));
            for (String k : keysAfter(dayPrefix, startAfter)) {
                entries.add(Json.mapper().readTree(store.get(k).orElseThrow()));
            }
        }
        return entries;
    }

    /**
     * The keys under {@code prefix} after {@code startAfter}, page by page: the first request names the
     * start, the next ones only the continuation token. (The SDK's paginator names both on every page,
     * which S3 allows and the embedded S3 server refuses with a 400: after the fuzz suite, more than a
     * page of entries can follow the start.)
     */
    private List<String> keysAfter(String prefix, String startAfter) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            var request = software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder()
                    .bucket(store.bucket()).prefix(prefix);
            var page = s3.listObjectsV2(token == null ? request.startAfter(startAfter).build()
                    : request.continuationToken(token).build());
            page.contents().forEach(o -> keys.add(o.key()));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }
}
