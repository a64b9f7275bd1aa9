package dev.tandem.engine.drain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.shared.record.RawRecord;

/**
 * Drains every partition of the source topic up to its end offset at the start of the run, in
 * batches of {@code batchRecords}, one partition after another, then closes the windows of the
 * partitions that have gone quiet, as the idle rule does for a live consumer. Each batch is an ordinary
 * micro-batch — checkpointed before the next one is read — so a drain that fails or is killed
 * halfway keeps what it did, and the next drain (or a live consumer) continues from the
 * checkpoints. The caller makes sure no live consumer owns the partitions meanwhile.
 */
public final class DrainRun {

    /** Told when a partition's batches start and after each, for logging and progress. */
    public interface Progress {
        Progress NONE = (partition, next, end) -> {
        };

        void at(int partition, long nextOffset, long endOffset);
    }

    private final MicroBatchProcessor processor;
    private final PartitionLog log;
    private final int batchRecords;
    private final Clock clock;

    public DrainRun(MicroBatchProcessor processor, PartitionLog log, int batchRecords, Clock clock) {
        if (batchRecords < 1) {
            throw new IllegalArgumentException("batchRecords must be positive (was " + batchRecords + ")");
        }
        this.processor = processor;
        this.log = log;
        this.batchRecords = batchRecords;
        this.clock = clock;
    }

    /** Runs the drain; a failing batch's exception propagates after the partitions are let go. */
    public DrainSummary run(Progress progress) {
        Instant started = clock.instant();
        Map<Integer, Long> ends = new TreeMap<>(log.endOffsets());
        List<DrainSummary.PartitionDrain> partitions = new ArrayList<>();
        long records = 0;
        long invalid = 0;
        long late = 0;
        long duplicates = 0;
        long windows = 0;
        long batches = 0;
        try {
            for (Map.Entry<Integer, Long> e : ends.entrySet()) {
                int partition = e.getKey();
                long end = e.getValue();
                OptionalLong restored = processor.assign(partition);
                long from = restored.isPresent() ? restored.getAsLong() : log.startOffset(partition);
                long next = from;
                long partitionRecords = 0;
                long partitionBatches = 0;
                while (next < end) {
                    progress.at(partition, next, end);
                    List<RawRecord> read = log.read(partition, next, end, batchRecords);
                    if (read.isEmpty()) {
                        // Offsets below the end with no record (transaction markers, compaction).
                        break;
                    }
                    BatchOutcome o = processor.process(partition, read);
                    next = Math.max(o.nextOffset(), read.get(read.size() - 1).source().offset() + 1);
                    partitionRecords += o.records();
                    partitionBatches++;
                    invalid += o.invalid();
                    late += o.late();
                    duplicates += o.duplicates();
                    windows += o.finals();
                }
                records += partitionRecords;
                batches += partitionBatches;
                partitions.add(new DrainSummary.PartitionDrain(partition, from, end, partitionRecords,
                        partitionBatches));
            }
            windows += closeIdleWindows(ends);
        } finally {
            ends.keySet().forEach(processor::revoke);
        }
        return new DrainSummary(processor.definition().name(), processor.topic(), started,
                clock.millis() - started.toEpochMilli(), records, invalid, late, duplicates, windows, batches, partitions);
    }

    /**
     * The idle rule, for a function that was not running to see partitions go quiet: a drained
     * partition is idle when its last record was produced more than {@code idlePartitionTimeout}
     * before now, and then its windows close as a live consumer's would ({@code IdlePolicy}).
     * Without this, the last windows of a quiet partition would stay open until its next record.
     */
    private long closeIdleWindows(Map<Integer, Long> ends) {
        processor.observeEndOffsets(ends);
        ends.forEach((partition, end) -> {
            if (end > log.startOffset(partition)) {
                List<RawRecord> last = log.read(partition, end - 1, end, 1);
                if (!last.isEmpty()) {
                    processor.lastActiveAt(partition, last.get(0).timestampMs());
                }
            }
        });
        return processor.advanceIdlePartitions().stream().mapToLong(BatchOutcome::finals).sum();
    }
}
