package dev.tandem.batch;

import dev.tandem.function.config.PipelineStartupCheck;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Checks the pipeline file, then starts the function: an invalid file stops it before anything runs. */
@QuarkusMain
public final class BatchMain {

    private BatchMain() {
    }

    public static void main(String... args) {
        if (!PipelineStartupCheck.passes(System.err)) {
            System.exit(PipelineStartupCheck.INVALID_PIPELINE);
        }
        Quarkus.run(args);
    }
}
