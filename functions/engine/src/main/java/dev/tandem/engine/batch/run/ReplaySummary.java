package dev.tandem.engine.batch.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.tandem.engine.batch.FoldCounts;

/**
 * What a replay of a manifest produced (unpublished, under the replay's own run id).
 *
 * @param manifest            the manifest replayed
 * @param segments            segments read
 * @param bytes               their compressed bytes
 * @param records             distinct records read
 * @param duplicates          records skipped as duplicate events
 * @param late                late records
 * @param windows             (window, group) values inside the range
 * @param resultObjects       the result objects written
 * @param originalRun         the run the manifest belongs to, if it is a run's manifest; else null
 * @param identicalToOriginal whether every result object equals the original run's, byte for byte
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplaySummary(String manifest, int segments, long bytes, long records, long duplicates, long late,
        int windows, List<String> resultObjects, String originalRun, Boolean identicalToOriginal)
        implements RunSummary {

    public ReplaySummary {
        resultObjects = List.copyOf(resultObjects);
    }

    static ReplaySummary of(String manifest, FoldCounts c, List<String> resultObjects, String originalRun,
            Boolean identical) {
        return new ReplaySummary(manifest, c.segments(), c.bytes(), c.records(), c.duplicates(), c.late(),
                c.windows(), resultObjects, originalRun, identical);
    }

    @Override
    public List<String> writtenResultObjects() {
        return resultObjects;
    }

    @Override
    public long writtenWindows() {
        return windows;
    }
}
