package dev.tandem.function.config;

import java.io.PrintStream;
import java.nio.file.Path;

import dev.tandem.shared.definition.InvalidDefinitionException;
import dev.tandem.shared.definition.PipelineDefinitionLoader;

/**
 * Checks the pipeline file before the application starts anything — no Kafka consumer, no
 * scheduler, no HTTP server — so an invalid file stops start-up with its problems, one line each
 * naming the file, the field and the fix, and nothing else. The file is the one the deployment names
 * in {@code tandem.pipeline.file} (a system property or {@code TANDEM_PIPELINE_FILE}); the built-in
 * example is checked by the tests.
 */
public final class PipelineStartupCheck {

    /** The exit status of a start-up stopped by an invalid pipeline file. */
    public static final int INVALID_PIPELINE = 2;

    private PipelineStartupCheck() {
    }

    /** Whether the named pipeline file (if any) is valid; if not, its problems are printed to {@code err}. */
    public static boolean passes(PrintStream err) {
        String file = System.getProperty("tandem.pipeline.file", System.getenv("TANDEM_PIPELINE_FILE"));
        if (file == null || file.isBlank()) {
            return true;
        }
        try {
            PipelineDefinitionLoader.load(Path.of(file.trim()));
            return true;
        } catch (InvalidDefinitionException e) {
            err.println(e.getMessage());
        } catch (RuntimeException e) {
            err.println("Invalid pipeline definition " + file + ": " + e.getMessage());
        }
        return false;
    }
}
