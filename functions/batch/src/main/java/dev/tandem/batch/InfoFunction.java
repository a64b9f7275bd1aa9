package dev.tandem.batch;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.funqy.Funq;

/** Lets a deployment check which function and bucket answer at a URL. */
public class InfoFunction {

    private final String name;
    private final String version;
    private final StorageConfig storage;

    InfoFunction(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version, StorageConfig storage) {
        this.name = name;
        this.version = version;
        this.storage = storage;
    }

    @Funq("info")
    public FunctionInfo info() {
        return new FunctionInfo(name, "batch", version, storage.bucket());
    }
}
