package dev.tandem.engine.drain;

import java.time.Instant;
import java.util.List;

/**
 * What one drain did.
 *
 * @param pipeline    the pipeline
 * @param topic       its source topic
 * @param startedAt   when the end offsets were taken
 * @param durationMs  start → every partition checkpointed at its end offset
 * @param records     records processed (redeliveries below a checkpoint excluded)
 * @param invalid     dead-lettered
 * @param late        late (landed, not in FINAL results)
 * @param duplicates  skipped as duplicates
 * @param windows     FINAL results emitted
 * @param batches     micro-batches run
 * @param partitions  per partition: the offsets read
 */
public record DrainSummary(String pipeline, String topic, Instant startedAt, long durationMs, long records,
        long invalid, long late, long duplicates, long windows, long batches, List<PartitionDrain> partitions) {

    public DrainSummary {
        partitions = List.copyOf(partitions);
    }

    /**
     * One partition of a drain.
     *
     * @param partition  the partition
     * @param fromOffset the checkpointed next offset it started from
     * @param toOffset   the end offset taken at the start: the partition's next offset now
     * @param records    records processed
     * @param batches    micro-batches run
     */
    public record PartitionDrain(int partition, long fromOffset, long toOffset, long records, long batches) {
    }
}
