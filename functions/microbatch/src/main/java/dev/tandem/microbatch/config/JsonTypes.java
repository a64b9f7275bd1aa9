package dev.tandem.microbatch.config;

import dev.tandem.engine.drain.DrainSummary;
import dev.tandem.microbatch.InfoFunction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records Jackson writes by reflection in answers (a drain's summary, the info): registered so
 * a native executable keeps their accessors.
 */
@RegisterForReflection(targets = { DrainSummary.class, DrainSummary.PartitionDrain.class,
        InfoFunction.MicroBatchInfo.class })
final class JsonTypes {

    private JsonTypes() {
    }
}
