package dev.tandem.engine.pacing;

import java.util.Locale;

/** Why a partition's pacing targets are what they are; exported with every change. */
public enum PacingReason {
    /** The targets a partition starts with. */
    START,
    /** The partition's backlog is older than half the latency: throughput-sized batches, no wait. */
    CATCH_UP,
    /** The backlog is gone: back to the targets from before catching up. */
    CAUGHT_UP,
    /** Processing takes most of the time between batches: larger batches amortise each batch's fixed cost. */
    SATURATED,
    /** The oldest record of a batch was close to the latency: smaller batches, shorter wait. */
    OVER_BUDGET,
    /** Freshness is well within the latency: larger batches or a longer wait, for fewer batches per record. */
    HEADROOM;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
