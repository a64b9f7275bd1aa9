package dev.tandem.shared.storage;

/** How final a result is. */
public enum ResultStatus {
    /** The window is still open: the value may grow. Optional, for dashboards. */
    PROVISIONAL,
    /** The micro-batch closed the window: this partial no longer changes in the fast rhythm. */
    FINAL,
    /** The batch rhythm found a different complete value (late data, failures): this one replaces it. */
    CORRECTED;
}
