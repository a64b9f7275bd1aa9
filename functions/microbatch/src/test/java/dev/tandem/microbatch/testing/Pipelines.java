package dev.tandem.microbatch.testing;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;
import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.definition.SourceSpec;

/** The test pipeline under other names, so tests that drive the processor directly do not share topics or keys. */
public final class Pipelines {

    public static final PipelineDefinition ORDERS_TEST = PipelineDefinitionLoader.loadResource("pipelines/orders-test.yaml");

    private Pipelines() {
    }

    /** The test pipeline named {@code name}, reading topic {@code name}. */
    public static PipelineDefinition named(String name) {
        return named(name, ORDERS_TEST.landingCodec());
    }

    /** The same, landing its segments (and framing its checkpoints) with {@code codec}. */
    public static PipelineDefinition named(String name, SegmentCodec codec) {
        PipelineDefinition o = ORDERS_TEST;
        return new PipelineDefinition(name, o.description(), new SourceSpec(name, o.source().format()), o.schemas(),
                o.event(), o.groupBy(), o.window(), o.allowedLateness(), o.dedupeHorizon(), o.idlePartitionTimeout(),
                o.aggregates(), o.rules(), o.pii(), o.retention(), o.freshness(), codec);
    }
}
