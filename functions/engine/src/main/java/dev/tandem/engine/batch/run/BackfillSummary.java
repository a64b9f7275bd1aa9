package dev.tandem.engine.batch.run;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a backfill did: the cuts it landed, and the reconcile of the windows their records touch.
 *
 * @param cuts        keys of the cuts backfilled (each now has its completion object)
 * @param offsets     offsets the cuts span
 * @param records     records read from the source topic
 * @param invalid     of them invalid
 * @param deadLetters dead letters sent by this run (the others had one already)
 * @param expired     offsets the topic no longer held (deleted by its retention before the backfill)
 * @param segments    raw segments written
 * @param bytes       their bytes
 * @param from        start of the event-time range reconciled (null if no record was valid)
 * @param to          its end
 * @param reconcile   the recompute and comparison of that range (null if no record was valid)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackfillSummary(List<String> cuts, long offsets, long records, long invalid, long deadLetters,
        long expired, int segments, long bytes, Instant from, Instant to, RecomputeSummary reconcile)
        implements RunSummary {

    public BackfillSummary {
        cuts = List.copyOf(cuts);
    }

    @Override
    public List<String> writtenResultObjects() {
        return reconcile == null ? List.of() : reconcile.resultObjects();
    }

    @Override
    public long writtenWindows() {
        return reconcile == null ? 0 : reconcile.windows();
    }
}
