package dev.tandem.batch.http;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.batch.config.BatchConfig;
import dev.tandem.function.http.FunctionInfo;
import io.quarkus.funqy.Funq;

/** Lets a deployment check which function and bucket answer at a URL. */
public class InfoFunction {

    private final String name;
    private final String version;
    private final BatchConfig config;

    InfoFunction(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version, BatchConfig config) {
        this.name = name;
        this.version = version;
        this.config = config;
    }

    @Funq("info")
    public FunctionInfo info() {
        return new FunctionInfo(name, "batch", version, config.s3().bucket());
    }
}
