package dev.tandem.shared.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object metadata of a raw segment — the one owner of its keys, written by the micro-batch
 * function and by compaction, read by batch runs to link their spans and lineage to the
 * micro-batches that landed their inputs. Unknown keys are ignored and missing ones are absent, so
 * segments of every version read.
 *
 * @param pipeline      {@code tandem-pipeline}
 * @param records       {@code tandem-records}: records in the segment
 * @param layout        {@code tandem-layout}: the state layout fingerprint; null if not recorded
 * @param traceId       {@code tandem-trace-id}: the trace of the micro-batch that wrote it; null if not traced
 * @param traceparent   {@code tandem-traceparent}: that micro-batch's span (W3C); null if not traced
 * @param lineageRun    {@code tandem-lineage-run}: the micro-batch instance's OpenLineage run; null if not reported
 * @param compactedFrom {@code tandem-compacted-from}: how many segments a compaction merged; 0 if none
 * @param linked        {@code tandem-traceparents}: for a compacted segment, the spans of the micro-batches
 *                      that wrote the segments it merged (at most {@value #MAX_LINKED}, comma-separated)
 */
public record SegmentMetadata(String pipeline, int records, String layout, String traceId, String traceparent,
        String lineageRun, int compactedFrom, List<String> linked) {

    public static final String PIPELINE = "tandem-pipeline";
    public static final String RECORDS = "tandem-records";
    public static final String LAYOUT = "tandem-layout";
    public static final String TRACE_ID = "tandem-trace-id";
    public static final String TRACEPARENT = "tandem-traceparent";
    public static final String LINEAGE_RUN = "tandem-lineage-run";
    public static final String COMPACTED_FROM = "tandem-compacted-from";
    public static final String TRACEPARENTS = "tandem-traceparents";
    /** S3 allows 2 KB of user metadata per object; this many traceparents take under 1 KB. */
    public static final int MAX_LINKED = 16;

    public SegmentMetadata {
        linked = List.copyOf(linked);
    }

    /** A segment a micro-batch landed; {@code traceId}, {@code traceparent}, {@code lineageRun} may be empty. */
    public static SegmentMetadata landed(String pipeline, int records, String layout, String traceId,
            String traceparent, String lineageRun) {
        return new SegmentMetadata(pipeline, records, layout, blankToNull(traceId), blankToNull(traceparent),
                blankToNull(lineageRun), 0, List.of());
    }

    /**
     * The metadata of a segment compacted from {@code merged} (in offset order): the first one's
     * trace and lineage run, and the spans of all of them so the trace links survive.
     */
    public static SegmentMetadata compacted(String pipeline, int records, List<SegmentMetadata> merged) {
        String layout = null;
        String traceId = null;
        String traceparent = null;
        String lineageRun = null;
        Set<String> linked = new LinkedHashSet<>();
        for (SegmentMetadata m : merged) {
            layout = layout == null ? m.layout() : layout;
            if (traceparent == null && m.traceparent() != null) {
                traceId = m.traceId();
                traceparent = m.traceparent();
            }
            lineageRun = lineageRun == null ? m.lineageRun() : lineageRun;
            for (String t : m.traceparents()) {
                if (linked.size() < MAX_LINKED) {
                    linked.add(t);
                }
            }
        }
        return new SegmentMetadata(pipeline, records, layout, traceId, traceparent, lineageRun, merged.size(),
                new ArrayList<>(linked));
    }

    /** Reads the metadata of a stored segment (keys in lower case, as S3 returns them). */
    public static SegmentMetadata of(Map<String, String> metadata) {
        String linked = metadata.get(TRACEPARENTS);
        return new SegmentMetadata(metadata.get(PIPELINE), parseInt(metadata.get(RECORDS)), metadata.get(LAYOUT),
                metadata.get(TRACE_ID), metadata.get(TRACEPARENT), metadata.get(LINEAGE_RUN),
                parseInt(metadata.get(COMPACTED_FROM)),
                linked == null || linked.isBlank() ? List.of() : List.of(linked.split(",")));
    }

    /** The micro-batch spans that wrote the records of this segment: its own, then those it was compacted from. */
    public List<String> traceparents() {
        Set<String> out = new LinkedHashSet<>();
        if (traceparent != null) {
            out.add(traceparent);
        }
        out.addAll(linked);
        return List.copyOf(out);
    }

    /** As object metadata; absent values are left out. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PIPELINE, pipeline);
        m.put(RECORDS, Integer.toString(records));
        putIfPresent(m, LAYOUT, layout);
        putIfPresent(m, TRACE_ID, traceId);
        putIfPresent(m, TRACEPARENT, traceparent);
        putIfPresent(m, LINEAGE_RUN, lineageRun);
        if (compactedFrom > 0) {
            m.put(COMPACTED_FROM, Integer.toString(compactedFrom));
        }
        if (!linked.isEmpty()) {
            m.put(TRACEPARENTS, String.join(",", linked));
        }
        return m;
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
