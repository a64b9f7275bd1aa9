/**
 * Pacing: how large a micro-batch is, chosen per partition to keep freshness within the
 * pipeline's latency at the fewest batches per record.
 *
 * <p>A trigger reads records and hands them to the {@link dev.tandem.engine.pacing.BatchAssembler},
 * which holds each partition's records until its current {@link dev.tandem.engine.pacing.PacingTargets}
 * say a batch is ready: enough records, enough bytes, or its first record has waited long enough.
 * After each batch the partition's {@link dev.tandem.engine.pacing.Pacing} sees what the batch cost
 * and how far behind the partition is ({@link dev.tandem.engine.pacing.PacingObservation}) and may
 * change the targets, always with a {@link dev.tandem.engine.pacing.PacingReason}. The adaptive
 * algorithm is documented on {@link dev.tandem.engine.pacing.AdaptivePacing}; the fixed one takes
 * what was read, without waiting.
 *
 * <p>A pull trigger runs the ready batches on {@link dev.tandem.engine.pacing.PartitionDrains}: each
 * partition's batches in order, different partitions' side by side and beside reading, so one
 * batch's CPU work overlaps another's object-store writes; the trigger reads ahead by at most one
 * batch per busy partition.
 */
package dev.tandem.engine.pacing;
