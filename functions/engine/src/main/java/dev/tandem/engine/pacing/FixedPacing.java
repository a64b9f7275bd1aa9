package dev.tandem.engine.pacing;

import java.time.Duration;

import dev.tandem.shared.definition.PacingSpec;

/** Takes what has been read, up to the maximum records and bytes, without waiting; never changes. */
final class FixedPacing implements Pacing {

    private final PacingTargets targets;

    FixedPacing(PacingSpec spec) {
        this.targets = new PacingTargets(spec.maxRecords(), spec.maxBytes(), Duration.ZERO);
    }

    @Override
    public PacingTargets targets() {
        return targets;
    }

    @Override
    public PacingChange observe(PacingObservation observation) {
        return PacingChange.unchanged(targets);
    }
}
