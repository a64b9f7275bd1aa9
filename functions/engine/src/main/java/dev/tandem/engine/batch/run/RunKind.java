package dev.tandem.engine.batch.run;

import java.util.Locale;

/** What a run does, and the summary it produces. */
public enum RunKind {
    RECOMPUTE(RecomputeSummary.class),
    REPLAY(ReplaySummary.class),
    RECONCILE(RecomputeSummary.class),
    COMPACT(CompactSummary.class),
    RETENTION(RetentionSummary.class),
    BACKFILL(BackfillSummary.class);

    private final Class<? extends RunSummary> summaryType;

    RunKind(Class<? extends RunSummary> summaryType) {
        this.summaryType = summaryType;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The record a run of this kind summarises itself in. */
    public Class<? extends RunSummary> summaryType() {
        return summaryType;
    }
}
