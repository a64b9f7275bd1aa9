package dev.tandem.engine.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.batch.run.BackfillSources;
import dev.tandem.engine.batch.run.BatchRuns;
import dev.tandem.engine.batch.run.BatchSettings;
import dev.tandem.engine.batch.run.RunObserver;
import dev.tandem.engine.batch.MicroBatchResults;
import dev.tandem.engine.drain.PartitionLog;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/**
 * The batch engine over what a micro-batch run left in memory: its segments in the object store and
 * its results in the sink's results topic. {@link #microBatch} runs the micro-batch first.
 */
public final class BatchHarness {

    /** The hour every stream of {@link Orders} starts in. */
    public static final TimeRange FIRST_HOUR = new TimeRange(Instant.ofEpochMilli(Orders.BASE_MS),
            Instant.ofEpochMilli(Orders.BASE_MS).plus(Duration.ofHours(1)));

    public final MicroBatchHarness micro;
    public final InMemoryObjectStore store;
    public final RecordingSink sink;
    public final ManualClock clock;

    public BatchHarness() {
        this(new MicroBatchHarness());
    }

    /** Batch runs over what {@code micro}'s processors leave. */
    public BatchHarness(MicroBatchHarness micro) {
        this.micro = micro;
        this.store = micro.store;
        this.sink = micro.sink;
        this.clock = micro.clock;
    }

    /**
     * Two partitions of orders through the micro-batch engine in batches of 300, with late records
     * (which FINAL results leave out and a batch run corrects), duplicates and invalid records.
     */
    public BatchHarness traced() {
        micro.traced();
        return this;
    }

    public BatchHarness microBatch(int recordsPerPartition) {
        MicroBatchProcessor processor = micro.processor();
        for (int p = 0; p < 2; p++) {
            MicroBatchHarness.feed(processor, p, Orders.stream(21, p, 0, recordsPerPartition, 100, 0.01, 0.03, 0.01),
                    300);
        }
        return this;
    }

    public BatchRuns runs() {
        return runs(RunObserver.NONE, 1_000);
    }

    public BatchRuns runs(RunObserver observer, int compactTarget) {
        return new BatchRuns(Orders.PIPELINE, store, results(), sink, new BatchSettings(Duration.ofDays(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), compactTarget), observer, clock, 1);
    }

    /** Batch runs that can backfill, reading the source topic from {@code log}. */
    public BatchRuns runs(PipelineDefinition definition, PartitionLog log, Duration liveWait, int chunk) {
        return new BatchRuns(definition, store, results(), sink, new BatchSettings(Duration.ofDays(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 1_000), RunObserver.NONE, clock, 1,
                new BackfillSources(() -> log, Orders.decoder(), micro.deadLetterHistory(), liveWait, chunk));
    }

    /** The results topic as a reconcile reads it: the latest non-PROVISIONAL record of each partial in the range. */
    public MicroBatchResults results() {
        return (topic, pipeline, range, timeout) -> {
            Map<PartialKey, ResultRecord> latest = new TreeMap<>();
            for (ResultRecord r : sink.results(topic)) {
                if (r.pipeline().equals(pipeline) && r.partition().isPresent() && range.containsWindow(r.window())
                        && r.status() != ResultStatus.PROVISIONAL) {
                    latest.put(r.partialKey().orElseThrow(), r);
                }
            }
            return latest;
        };
    }
}
