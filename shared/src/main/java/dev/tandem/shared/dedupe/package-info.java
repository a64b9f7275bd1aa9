/**
 * Dedupe by event id within a horizon of event time, per source partition.
 *
 * <p>A producer that re-sends an event re-sends its key, so the copy lands in the same
 * partition: remembering ids per partition is enough. An id is remembered while its event time
 * is within {@code horizon} of the partition's watermark; older ids are forgotten, which bounds
 * the state. Whether an id counts as seen depends only on the partition's records before it, not
 * on how they were cut into batches, so both rhythms and every retry decide alike.
 */
package dev.tandem.shared.dedupe;
