package dev.tandem.microbatch;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.function.http.FunctionInfo;
import io.quarkus.funqy.Funq;

/** Lets a deployment check which function and bucket answer at a URL. */
public class InfoFunction {

    private final String name;
    private final String version;
    private final TandemConfig config;

    InfoFunction(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version, TandemConfig config) {
        this.name = name;
        this.version = version;
        this.config = config;
    }

    @Funq("info")
    public FunctionInfo info() {
        return new FunctionInfo(name, "micro-batch", version, config.s3().bucket());
    }
}
