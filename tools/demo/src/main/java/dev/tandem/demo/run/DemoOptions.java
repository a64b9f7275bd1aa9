package dev.tandem.demo.run;

import java.nio.file.Path;
import java.time.Duration;

import dev.tandem.demo.generate.GeneratorOptions;

/**
 * How the demo runs.
 *
 * @param root      the repository (where the packaged functions are)
 * @param out       where the stack's data, the logs, the report and the numbers go
 * @param generator the stream it sends
 * @param quiet     no live status line (for tests and CI logs)
 */
public record DemoOptions(Path root, Path out, GeneratorOptions generator, boolean quiet) {

    /** The demo pipeline's windows: short, so a one-minute run closes many. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    Path microbatchJar() {
        return root.resolve("functions/microbatch/target/quarkus-app/quarkus-run.jar");
    }

    Path batchJar() {
        return root.resolve("functions/batch/target/quarkus-app/quarkus-run.jar");
    }
}
