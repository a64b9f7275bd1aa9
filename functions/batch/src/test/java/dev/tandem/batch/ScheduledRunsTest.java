package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The cron schedules run the same runs as the HTTP functions, over the range the schedule says. */
@QuarkusTest
@WithTestResource(TestStack.class)
@TestProfile(ScheduledRunsTest.EveryTwoSeconds.class)
class ScheduledRunsTest {

    /** Reconcile on even seconds and retention on odd ones, each over a 3-hour lookback. */
    public static class EveryTwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.batch.schedule.cron", "0/2 * * * * ?",
                    "tandem.batch.schedule.retention-cron", "1/2 * * * * ?",
                    "tandem.batch.schedule.lookback", "PT3H");
        }
    }

    @Inject
    ObjectStore store;

    @Test
    void reconcilesTheLookbackBeforeTheLastFullHourAndAppliesRetentionOnSchedule() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<JsonNode> seen = scheduledRuns();
        while (!(has(seen, "RECONCILE") && has(seen, "RETENTION")) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            seen = scheduledRuns();
        }
        List<JsonNode> scheduled = seen;
        assertThat(scheduled).as("runs requested by the schedule").isNotEmpty();
        JsonNode reconcile = scheduled.stream().filter(r -> r.get("kind").asText().equals("RECONCILE")
                && r.get("state").asText().equals("SUCCEEDED")).findFirst().orElseThrow(() -> new AssertionError(
                        "no succeeded scheduled reconcile among " + scheduled));
        Instant to = Instant.parse(reconcile.get("to").asText());
        // The hour may turn during the test: the range ends at the last full hour when the run started.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        assertThat(to).isIn(hour, hour.minus(Duration.ofHours(1)));
        assertThat(Instant.parse(reconcile.get("from").asText())).isEqualTo(to.minus(Duration.ofHours(3)));
        assertThat(reconcile.at("/result/reconciliation").isMissingNode()).as("a reconciliation summary: %s", reconcile)
                .isFalse();
        assertThat(scheduled).as("a scheduled retention run")
                .anyMatch(r -> r.get("kind").asText().equals("RETENTION") && r.get("state").asText().equals("SUCCEEDED"));
    }

    private static boolean has(List<JsonNode> runs, String kind) {
        return runs.stream().anyMatch(r -> r.get("kind").asText().equals(kind) && r.get("state").asText().equals("SUCCEEDED"));
    }

    private List<JsonNode> scheduledRuns() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ObjectStore.ObjectInfo o : store.list("runs/orders/")) {
            if (!o.key().endsWith("/status.json")) {
                continue;
            }
            JsonNode status = Json.mapper().readTree(store.get(o.key()).orElseThrow());
            if ("schedule".equals(status.path("requestedBy").asText())) {
                out.add(status);
            }
        }
        return out;
    }
}
