package dev.tandem.engine.batch.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a run produced, by kind: the {@code result} of its status once it succeeded. Each kind has
 * its own record; {@link RunKind#summaryType()} says which, so a status read back from storage
 * gets the same type it was written with.
 */
public sealed interface RunSummary permits RecomputeSummary, ReplaySummary, CompactSummary, RetentionSummary,
        BackfillSummary {

    /** The result objects the run wrote (for lineage); none for maintenance runs. */
    @JsonIgnore
    default List<String> writtenResultObjects() {
        return List.of();
    }

    /** The (window, group) values in those objects. */
    @JsonIgnore
    default long writtenWindows() {
        return 0;
    }
}
