package dev.tandem.engine.pacing;

import dev.tandem.shared.definition.FreshnessObjective;
import dev.tandem.shared.definition.PacingSpec;

/** Chooses one partition's batch targets. Not thread-safe: the {@link BatchAssembler} serialises calls. */
public interface Pacing {

    /** The targets batches are formed under now. */
    PacingTargets targets();

    /** Learns from one completed batch; may change the targets. */
    PacingChange observe(PacingObservation observation);

    /** The pacing the pipeline's freshness section asks for, for one partition. */
    static Pacing of(FreshnessObjective freshness) {
        return freshness.pacing().mode() == PacingSpec.Mode.FIXED ? new FixedPacing(freshness.pacing())
                : new AdaptivePacing(freshness);
    }
}
