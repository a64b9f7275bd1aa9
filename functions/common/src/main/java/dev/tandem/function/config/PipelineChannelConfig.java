package dev.tandem.function.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The micro-batch function's pull channel (that function registers this factory): its topic and
 * consumer group from the pipeline file alone — {@code source.topic} becomes
 * {@code mp.messaging.incoming.source.topic} and {@code tandem-microbatch-<pipeline>} the group id, so a deployment sets the topic once, in the pipeline. Environment variables and system
 * properties still win (ordinal {@value #ORDINAL}, between them and {@code application.properties}).
 * A file that cannot be read or is invalid gives nothing here: the pipeline's own loading stops
 * start-up with its problems, named, before any consumer starts.
 */
public final class PipelineChannelConfig implements ConfigSourceFactory {

    static final int ORDINAL = 275;
    static final String TOPIC = "mp.messaging.incoming.source.topic";
    static final String GROUP = "mp.messaging.incoming.source.group.id";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue file = context.getValue("tandem.pipeline.file");
        ConfigValue resource = context.getValue("tandem.pipeline.resource");
        PipelineDefinition definition;
        try {
            if (file != null && file.getValue() != null && !file.getValue().isBlank()) {
                definition = PipelineDefinitionLoader.load(Path.of(file.getValue().trim()));
            } else if (resource != null && resource.getValue() != null && !resource.getValue().isBlank()) {
                definition = PipelineDefinitionLoader.loadResource(resource.getValue().trim());
            } else {
                return List.of();
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(TOPIC, definition.source().topic(), GROUP,
                "tandem-microbatch-" + definition.name()), "pipeline " + definition.name(), ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
