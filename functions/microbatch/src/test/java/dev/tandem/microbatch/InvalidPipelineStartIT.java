package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.shared.definition.ExamplePipeline;

/**
 * The packaged function started with an invalid pipeline file: it stops at once with exit status 2
 * and the problems, one line each naming file, field and fix — no stack trace, no Kafka consumer
 * started, nothing printed twice.
 */
class InvalidPipelineStartIT {

    @Test
    void anInvalidPipelineFileStopsStartUpWithItsProblemsAlone(@TempDir Path dir) throws Exception {
        Path file = ExamplePipeline.write(dir, "pipelines/orders.yaml", "orders.yaml",
                yaml -> yaml.replace("size: 60s", "size: 90x").replace("lateness: 30s", "lateness: soon"));
        Path log = dir.resolve("start.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dtandem.pipeline.file=" + file, "-Dkafka.bootstrap.servers=127.0.0.1:1", "-jar",
                System.getProperty("tandem.function.jar", "target/quarkus-app/quarkus-run.jar")).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped by itself").isTrue();
        List<String> lines = Files.readAllLines(log);

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(lines).as(String.join("\n", lines)).hasSize(3)
                .contains("Invalid pipeline definition " + file + " (2 problems):")
                .contains("  - " + file + ": window.size: '90x' is not a duration; use e.g. 60s, 5m")
                .anySatisfy(l -> assertThat(l).startsWith("  - " + file + ": lateness: 'soon' is not a duration"));
        assertThat(lines).noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ") || l.contains("Kafka"));
    }
}
