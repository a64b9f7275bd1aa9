package dev.tandem.engine.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.state.SourceRanges.OffsetRange;
import dev.tandem.shared.state.WindowAggregates;
import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/**
 * Compares the batch partials of a range with the micro-batch results, partial by partial (same
 * window, group and source partition), and decides the corrections.
 *
 * <p>A difference is <em>explained</em> when the batch folded records into the partial at offsets
 * after the last one the micro-batch value holds: records that arrived after the window had closed
 * (late data), or after the micro-batch result was emitted. Every differing partial is corrected
 * — the batch value is the authoritative one — and the unexplained ones are reported as such.
 *
 * <p>A partial only the batch has is corrected when the micro-batch will never emit it: all its
 * records arrived late, or it holds records of a backfill cut, which the live path skipped. Any
 * other is reported only (its window may still be open in the micro-batch function).
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    public static ReconcileReport compare(FoldedRange folded, Map<PartialKey, ResultRecord> micro) {
        return compare(folded, micro, Map.of());
    }

    /**
     * @param backfilled source partition → the offset ranges of its backfill cuts landed by this run:
     *                   a partial holding records in them is explained, and corrected even if the
     *                   micro-batch function has none
     */
    public static ReconcileReport compare(FoldedRange folded, Map<PartialKey, ResultRecord> micro,
            Map<Integer, List<OffsetRange>> backfilled) {
        Map<PartialKey, WindowResult> batch = new TreeMap<>();
        for (Map.Entry<Integer, WindowAggregates> e : folded.partials().entrySet()) {
            for (WindowResult r : e.getValue().results()) {
                batch.put(new PartialKey(r.window(), r.group(), e.getKey()), r);
            }
        }
        int matching = 0;
        List<ReconcileReport.Difference> differing = new ArrayList<>();
        List<ReconcileReport.Missing> missingInMicroBatch = new ArrayList<>();
        List<ReconcileReport.Missing> missingInBatch = new ArrayList<>();
        String pipeline = folded.manifest().pipeline();
        for (Map.Entry<PartialKey, WindowResult> e : batch.entrySet()) {
            PartialKey k = e.getKey();
            WindowResult b = e.getValue();
            ResultRecord m = micro.get(k);
            // Through ResultRecord, so both sides are compared in their canonical JSON form.
            ResultRecord asBatch = new ResultRecord(pipeline, k.window(), k.group(), OptionalInt.of(k.partition()),
                    ResultStatus.CORRECTED, b.values(), b.sources(), List.of());
            FoldedRange.LateRecords late = folded.late().get(k);
            if (m == null) {
                // Only late records: the micro-batch had closed the window before any arrived and
                // never will emit it, so the batch value is the correction. Otherwise the window is
                // still open there (or its result was lost): reported, not corrected.
                OffsetRange own = b.sources().get(k.partition());
                boolean allLate = late != null && own != null && own.first() >= late.firstOffset();
                List<OffsetRange> cut = cutsMeeting(own, backfilled.get(k.partition()));
                if (allLate || !cut.isEmpty()) {
                    List<String> responsible = allLate ? List.copyOf(late.segments())
                            : cut.stream().flatMap(c -> folded.segments().covering(k.window(), k.partition(), c).stream())
                                    .distinct().sorted().toList();
                    ResultRecord correction = new ResultRecord(pipeline, k.window(), k.group(),
                            OptionalInt.of(k.partition()), ResultStatus.CORRECTED, b.values(), b.sources(), responsible);
                    differing.add(new ReconcileReport.Difference(k, null, asBatch.values(), null, true,
                            late == null ? 0 : late.count(), responsible, correction));
                } else {
                    missingInMicroBatch.add(new ReconcileReport.Missing(k, asBatch.values()));
                }
                continue;
            }
            if (m.values().equals(asBatch.values())) {
                matching++;
                continue;
            }
            OffsetRange batchRange = b.sources().get(k.partition());
            OffsetRange microRange = m.offsets().get(k.partition());
            boolean explained = batchRange != null && (microRange == null || batchRange.last() > microRange.last()
                    || !cutsMeeting(batchRange, backfilled.get(k.partition())).isEmpty());
            List<String> responsible = new ArrayList<>();
            if (late != null) {
                responsible.addAll(late.segments());
            } else if (batchRange != null) {
                long after = microRange == null ? batchRange.first() : microRange.last() + 1;
                if (after <= batchRange.last()) {
                    responsible.addAll(folded.segments().covering(k.window(), k.partition(),
                            new OffsetRange(after, batchRange.last())));
                }
            }
            ResultRecord correction = new ResultRecord(pipeline, k.window(), k.group(), OptionalInt.of(k.partition()),
                    ResultStatus.CORRECTED, b.values(), b.sources(), responsible);
            differing.add(new ReconcileReport.Difference(k, m.values(), asBatch.values(), m.status(), explained,
                    late == null ? 0 : late.count(), responsible, correction));
        }
        for (Map.Entry<PartialKey, ResultRecord> e : micro.entrySet()) {
            if (!batch.containsKey(e.getKey())) {
                missingInBatch.add(new ReconcileReport.Missing(e.getKey(), e.getValue().values()));
            }
        }
        return new ReconcileReport(folded.counts().windows(), batch.size(), micro.size(), matching, differing,
                missingInMicroBatch, missingInBatch);
    }

    /** The parts of {@code cuts} that lie within {@code range}: offsets a partial may hold from a backfill. */
    private static List<OffsetRange> cutsMeeting(OffsetRange range, List<OffsetRange> cuts) {
        if (range == null || cuts == null) {
            return List.of();
        }
        List<OffsetRange> out = new ArrayList<>();
        for (OffsetRange c : cuts) {
            long first = Math.max(range.first(), c.first());
            long last = Math.min(range.last(), c.last());
            if (first <= last) {
                out.add(new OffsetRange(first, last));
            }
        }
        return out;
    }
}
