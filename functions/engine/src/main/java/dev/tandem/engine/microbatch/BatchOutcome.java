package dev.tandem.engine.microbatch;

import java.util.List;

/**
 * What one micro-batch of one partition did.
 *
 * @param partition    the source partition
 * @param firstOffset  first offset processed (skipped redeliveries excluded); -1 if none
 * @param nextOffset   the checkpointed next offset
 * @param records      records processed
 * @param invalid      sent to the dead-letter topic
 * @param late         valid but late (landed, not in FINAL results)
 * @param duplicates   skipped as duplicates
 * @param skipped      redelivered records at or below the checkpoint, ignored
 * @param finals       FINAL results emitted
 * @param provisionals PROVISIONAL results emitted
 * @param segmentKeys  raw segments written
 * @param segmentBytes their total size
 * @param checkpointNanos how long the checkpoint write took (0 if none was written)
 */
public record BatchOutcome(int partition, long firstOffset, long nextOffset, int records, int invalid, int late,
        int duplicates, int skipped, int finals, int provisionals, List<String> segmentKeys, long segmentBytes,
        long checkpointNanos) {

    public BatchOutcome {
        segmentKeys = List.copyOf(segmentKeys);
    }

    static BatchOutcome skippedOnly(int partition, long nextOffset, int skipped) {
        return new BatchOutcome(partition, -1, nextOffset, 0, 0, 0, 0, skipped, 0, 0, List.of(), 0, 0);
    }
}
