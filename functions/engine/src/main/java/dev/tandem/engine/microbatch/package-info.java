/**
 * The micro-batch rhythm's engine, independent of how records arrive (pulled from Kafka or pushed
 * over HTTP). {@link dev.tandem.engine.microbatch.MicroBatchProcessor} owns the source partitions
 * ({@code Partitions}: restored from their checkpoints on assignment, reloaded after a failed
 * batch) and runs each batch of one partition through the design's steps, in this order:
 *
 * <ol>
 * <li>{@code Validation}: decode and validate;</li>
 * <li>{@code DeadLettering}: invalid records to the dead-letter topic, each once (after a restore,
 * what the topic already holds is read back through {@link dev.tandem.engine.microbatch.DeadLetterHistory});</li>
 * <li>{@code Landing}: the valid records (late ones included) as raw segments, beside the fold;</li>
 * <li>the fold: dedupe and fold into the partition's window state;</li>
 * <li>{@code Emission}: FINAL results of the windows that closed (and PROVISIONAL ones if
 * configured), waiting until the broker has them and the dead letters;</li>
 * <li>{@code Checkpointer}: a delta of the state, or a full checkpoint when one is due;</li>
 * <li>the trigger commits the offsets.</li>
 * </ol>
 *
 * A {@code BatchContext} carries one batch through the steps; a
 * {@link dev.tandem.engine.microbatch.FaultInjector} hook sits at every
 * {@link dev.tandem.engine.microbatch.Boundary} between them. Every step is deterministic given the
 * partition's checkpoint and records, so a crash between any two steps followed by a restart from
 * the last checkpoint rewrites the same segments, emits byte-identical results and writes the same
 * checkpoint: the effect is exactly once. Partitions without records close their windows through
 * the {@code IdlePolicy}. A restore ({@link dev.tandem.engine.microbatch.CheckpointRepository})
 * plans its chain of checkpoint objects from their names and reads them several at a time
 * ({@code ReadAhead}), applying them in order.
 *
 * <p>A partition whose backlog is older than {@code freshness.backfillAfter} is cut
 * ({@code BackfillCuts}): the offsets up to its end become a backfill cut in object storage and the
 * partition jumps to the end. {@link dev.tandem.engine.microbatch.RangeLanding} runs the first three
 * steps alone over such a cut, for the batch rhythm's backfill.
 */
package dev.tandem.engine.microbatch;
