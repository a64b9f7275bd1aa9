package dev.tandem.microbatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** OpenLineage events of the long-lived micro-batch run, through the client's file transport. */
@QuarkusTest
@TestProfile(PushOnly.class)
@WithTestResource(TestStack.class)
class LineageTest {

    static final int PARTITION = 13;

    @Test
    void aRunningEventNamesTheOffsetsReadAndTheSegmentsWritten() throws Exception {
        given().contentType("application/json").body(PushTriggerTest.lambdaPayload(PARTITION, 0, 6).toString())
                .when().post("/push").then().statusCode(200);

        JsonNode running = await().atMost(Duration.ofSeconds(10)).until(() -> events().stream()
                .filter(e -> e.get("eventType").asText().equals("RUNNING")
                        && e.at("/inputs/0/inputFacets/tandem_offsets/partitions/" + PARTITION).isObject())
                .findFirst().orElse(null), e -> e != null);

        List<JsonNode> all = events();
        assertThat(all).extracting(e -> e.get("eventType").asText()).contains("START");
        assertThat(running.at("/job/name").asText()).isEqualTo("orders.microbatch");
        assertThat(running.at("/run/runId").asText())
                .isEqualTo(all.stream().filter(e -> e.get("eventType").asText().equals("START")).findFirst()
                        .orElseThrow().at("/run/runId").asText());
        JsonNode input = running.at("/inputs/0");
        assertThat(input.get("namespace").asText()).startsWith("kafka://127.0.0.1:");
        assertThat(input.get("name").asText()).isEqualTo(PushOnly.TOPIC);
        assertThat(input.at("/inputFacets/tandem_offsets/partitions/" + PARTITION + "/first").asLong()).isZero();
        assertThat(input.at("/inputFacets/tandem_offsets/partitions/" + PARTITION + "/last").asLong()).isEqualTo(5);
        assertThat(input.at("/inputFacets/tandem_quality/valid").asLong()).isEqualTo(6);
        assertThat(input.at("/facets/schema/fields").findValuesAsText("name")).contains("orderId", "amount");
        JsonNode output = running.at("/outputs/0");
        assertThat(output.get("namespace").asText()).isEqualTo("s3://tandem");
        assertThat(output.at("/facets/tandem_objects/keys/0").asText()).startsWith("raw/orders/date=")
                .contains("/" + PushOnly.TOPIC + "-" + PARTITION + "-");
    }

    static List<JsonNode> events() throws Exception {
        return Files.readAllLines(TestStack.LINEAGE_FILE).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return Json.mapper().readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
