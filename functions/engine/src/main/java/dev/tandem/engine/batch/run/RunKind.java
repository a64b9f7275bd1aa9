package dev.tandem.engine.batch.run;

import java.util.Locale;

/** What a run does. */
public enum RunKind {
    RECOMPUTE, REPLAY, RECONCILE, COMPACT, RETENTION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
