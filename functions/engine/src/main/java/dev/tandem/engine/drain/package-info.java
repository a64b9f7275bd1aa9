/**
 * Drain: the micro-batch engine run to a cut instead of forever — what Spark calls
 * AvailableNow. A {@link dev.tandem.engine.drain.DrainRun} notes each partition's end offset when
 * it starts, restores the partition's checkpoint, reads from there to that end in throughput-sized
 * batches through the same {@link dev.tandem.engine.microbatch.MicroBatchProcessor} the live
 * consumer uses (so results, dead letters, segments and checkpoints are the ones a live run
 * would give), and lets the partition go. Records produced after the start wait for the next
 * drain. {@link dev.tandem.engine.drain.Rhythm} is the choice between running continuously and
 * draining on a schedule, made from the pipeline's freshness latency.
 */
package dev.tandem.engine.drain;
