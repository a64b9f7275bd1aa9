package dev.tandem.engine.batch;

/**
 * What a fold read and did.
 *
 * @param segments   segments read
 * @param bytes      their compressed bytes
 * @param records    distinct records (by partition and offset) read
 * @param duplicates records skipped as duplicate events (same id within the dedupe horizon)
 * @param late       records that arrived after their window had closed in their partition
 * @param windows    (window, group) values inside the range
 */
public record FoldCounts(int segments, long bytes, long records, long duplicates, long late, int windows) {
}
