package dev.tandem.engine.batch.run;

/**
 * What a compaction did. It only succeeds when the results are identical before and after.
 *
 * @param manifest          the manifest of the segments before
 * @param compactedManifest the manifest of the same records after
 * @param segmentsBefore    segments before
 * @param segmentsAfter     segments after
 * @param bytesBefore       bytes before
 * @param bytesAfter        bytes after
 * @param written           compacted segments written
 * @param deleted           original segments deleted
 * @param resultsIdentical  the proof: the same result bytes from both manifests
 */
public record CompactSummary(String manifest, String compactedManifest, int segmentsBefore, int segmentsAfter,
        long bytesBefore, long bytesAfter, int written, int deleted, boolean resultsIdentical) implements RunSummary {
}
