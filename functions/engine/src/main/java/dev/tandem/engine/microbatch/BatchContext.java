package dev.tandem.engine.microbatch;

import java.util.List;

import dev.tandem.shared.record.RawRecord;

/**
 * One micro-batch of one partition as its steps see it: the partition, the records not processed
 * yet (redeliveries already skipped), their offsets, and the batch's span. Each step's child span
 * and duration metric come from {@link #step(Step)}.
 */
final class BatchContext {

    final OwnedPartition partition;
    final List<RawRecord> records;
    final long firstOffset;
    final long lastOffset;
    final int skipped;
    final BatchTracing.BatchSpan span;
    private final MicroBatchMetrics metrics;

    BatchContext(OwnedPartition partition, List<RawRecord> records, int skipped, BatchTracing.BatchSpan span,
            MicroBatchMetrics metrics) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("A batch has at least one record to process");
        }
        this.partition = partition;
        this.records = records;
        this.firstOffset = records.get(0).source().offset();
        this.lastOffset = records.get(records.size() - 1).source().offset();
        this.skipped = skipped;
        this.span = span;
        this.metrics = metrics;
    }

    int partitionId() {
        return partition.partition;
    }

    /** The step's span, and its duration in the metrics when it closes. */
    BatchTracing.Scope step(Step step) {
        long started = System.nanoTime();
        BatchTracing.Scope scope = span.step(step);
        return () -> {
            scope.close();
            metrics.step(step, System.nanoTime() - started);
        };
    }
}
