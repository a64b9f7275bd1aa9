package dev.tandem.engine.batch.run;

import java.time.Instant;
import java.util.List;

/**
 * What a retention run deleted; the key lists show the first {@value #KEYS_SHOWN} of each.
 *
 * @param rawCutoff            segments of hours ending before this were deleted
 * @param resultsCutoff        results of ranges ending before this were deleted
 * @param rawSegmentsDeleted   how many segments
 * @param resultRunsDeleted    how many runs' results
 * @param resultObjectsDeleted how many objects with those runs
 * @param rawSegments          segment keys deleted (the first ones)
 * @param resultRuns           run ids deleted (the first ones)
 * @param deadLetterPayloadsDeleted values of oversized dead letters deleted with the raw data of their day
 * @param backfillCutsDeleted  completed backfill cuts deleted, decided before the raw cutoff
 */
public record RetentionSummary(Instant rawCutoff, Instant resultsCutoff, int rawSegmentsDeleted, int resultRunsDeleted,
        int resultObjectsDeleted, List<String> rawSegments, List<String> resultRuns, int deadLetterPayloadsDeleted,
        int backfillCutsDeleted) implements RunSummary {

    static final int KEYS_SHOWN = 50;

    public RetentionSummary {
        rawSegments = List.copyOf(rawSegments);
        resultRuns = List.copyOf(resultRuns);
    }
}
