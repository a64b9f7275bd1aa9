package dev.tandem.function.config;

import java.nio.file.Path;
import java.util.Optional;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import io.smallrye.config.WithDefault;

/** {@code tandem.pipeline.*}: which pipeline a function runs — the same file for both rhythms. */
public interface PipelineSource {

    /** The pipeline definition file; when absent, {@link #resource()} is read from the classpath. */
    Optional<Path> file();

    /** A pipeline definition shipped on the classpath. */
    @WithDefault("pipelines/orders.yaml")
    String resource();

    /** Loads and validates the definition; an invalid one throws with every problem, field and fix. */
    default PipelineDefinition load() {
        return file().map(PipelineDefinitionLoader::load)
                .orElseGet(() -> PipelineDefinitionLoader.loadResource(resource()));
    }
}
