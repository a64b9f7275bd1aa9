/**
 * Window state: aggregate rows per (window, group), and the per-partition state the
 * micro-batch rhythm checkpoints.
 *
 * <p>{@link dev.tandem.shared.state.WindowAggregates} is the mergeable part: rows keyed by
 * window and group, each with the source offset ranges that fed it (lineage). Merging two is
 * exact in any order, which is how partials of different source partitions combine into the
 * complete value of a group, and how the batch rhythm combines its tasks.
 *
 * <p>{@link dev.tandem.shared.state.PartitionState} is one source partition's state: its
 * aggregates, its dedupe filter and its highest event time (hence its watermark). It folds
 * records one at a time in offset order, so how records are cut into batches never changes the
 * outcome: a record is late if its earliest window had closed before it, a duplicate if its id
 * was seen within the horizon before it. Its snapshot is deterministic: equal histories, equal bytes.
 */
package dev.tandem.shared.state;
