package dev.tandem.engine.batch;

import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.state.WindowAggregates;
import dev.tandem.shared.storage.Manifest;

/**
 * A manifest folded: the complete value of every (window, group) inside the range, the partial of
 * every source partition (what the micro-batch function emitted), and where late records went.
 *
 * @param manifest     the cut that was folded
 * @param complete     complete values: the partials merged
 * @param partials     source partition → its partials
 * @param late         partial → late records folded into it (they are why a FINAL value can be short)
 * @param counts       what was read and done
 * @param segments     the manifest's segments indexed for lineage
 */
public record FoldedRange(Manifest manifest, WindowAggregates complete, Map<Integer, WindowAggregates> partials,
        SortedMap<PartialKey, LateRecords> late, FoldCounts counts, SegmentIndex segments) {

    /**
     * Late records of one partial. Records of a window that arrive after it closed come after all
     * its on-time records, so a partial whose first offset is {@code firstOffset} is all late.
     *
     * @param count       how many
     * @param firstOffset the smallest offset among them
     * @param segments    the segments they were read from
     */
    public record LateRecords(int count, long firstOffset, SortedSet<String> segments) {
    }
}
