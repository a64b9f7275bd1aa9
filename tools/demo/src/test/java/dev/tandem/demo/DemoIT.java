package dev.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.Json;

/**
 * The demo, shortened, through the same entry point a newcomer uses ({@code ./tandem demo}): a
 * real stack, both packaged functions as separate JVMs, generated orders, recompute and reconcile
 * over HTTP. The summary's numbers must equal what the generator knows it sent.
 */
@Tag("e2e")
class DemoIT {

    @Test
    void theDemoScenarioAgreesWithTheGeneratorsTruth() throws Exception {
        Path root = Path.of(System.getProperty("tandem.root")).toAbsolutePath();
        Path out = root.resolve("tools/demo/target/demo-it");
        Process p = new ProcessBuilder(root.resolve("tandem").toString(), "demo", "--rate", "800", "--duration", "20s",
                "--late", "0.02", "--out", out.toString(), "--quiet", "true")
                .directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(out.getParent()).resolve("demo-it.log").toFile()).start();
        assertThat(p.waitFor(Duration.ofMinutes(6).toMillis(), TimeUnit.MILLISECONDS)).as("finished in time").isTrue();
        String log = Files.readString(out.getParent().resolve("demo-it.log"));
        assertThat(p.exitValue()).as(log).isZero();

        JsonNode s = Json.mapper().readTree(out.resolve("summary.json").toFile());
        JsonNode truth = s.get("truth");
        assertThat(truth.get("sent").asLong()).isEqualTo(800 * 20);
        assertThat(s.get("recordsIn").asLong()).isEqualTo(truth.get("sent").asLong());
        long invalid = 0;
        for (JsonNode v : truth.get("invalid")) {
            invalid += v.asLong();
        }
        assertThat(invalid).as("the stream has invalid records").isPositive();
        assertThat(s.get("invalid").asLong()).isEqualTo(invalid);
        assertThat(truth.get("late").asLong()).as("the stream has late records").isPositive();
        assertThat(s.get("late").asLong()).isEqualTo(truth.get("late").asLong());
        assertThat(s.get("duplicates").asLong()).isEqualTo(truth.get("duplicates").asLong());
        assertThat(s.get("expectedCorrections").asLong()).isPositive();
        assertThat(s.get("windowsCorrected").asLong()).isEqualTo(s.get("expectedCorrections").asLong());
        assertThat(s.get("unexplained").asLong()).isZero();
        assertThat(s.get("windowsFinal").asLong()).isPositive();
        assertThat(s.get("freshnessP99").asDouble()).isPositive();
        assertThat(s.at("/recompute/state").asText()).isEqualTo("SUCCEEDED");

        String html = Files.readString(out.resolve("report.html"));
        // Offline: no script, nothing loaded from anywhere (the SVG namespace URI is a name, not a fetch).
        assertThat(html).contains("<svg", "Freshness", "Late records and corrections per window")
                .doesNotContain("<script").doesNotContainPattern("(src|href)\\s*=\\s*\"https?:")
                .doesNotContainPattern("@import|url\\(");
        assertThat(out.resolve("report.json")).exists();
    }
}
