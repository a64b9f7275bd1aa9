package dev.tandem.engine.pacing;

import java.util.Objects;

/**
 * The targets after one observation, and why they changed; {@code reason} is empty (null) when
 * they did not.
 */
public record PacingChange(PacingTargets targets, PacingReason reason) {

    public PacingChange {
        Objects.requireNonNull(targets, "targets");
    }

    static PacingChange unchanged(PacingTargets targets) {
        return new PacingChange(targets, null);
    }

    public boolean changed() {
        return reason != null;
    }
}
