/**
 * The micro-batch itself, independent of how records arrive (pull from Kafka or pushed over
 * HTTP): for each batch of one source partition, in this order —
 *
 * <ol>
 * <li>decode and validate; invalid records to the dead-letter topic;</li>
 * <li>land the valid records (late ones included) as raw segments;</li>
 * <li>dedupe and fold them into the partition's window state;</li>
 * <li>emit FINAL results for the windows that closed (and PROVISIONAL ones if configured), and
 * wait until the broker has them;</li>
 * <li>checkpoint the state and the next offset;</li>
 * <li>let the trigger commit the offsets.</li>
 * </ol>
 *
 * Every step is deterministic given the partition's checkpoint and records, so a crash between
 * any two steps followed by a restart from the last checkpoint rewrites the same segments, emits
 * byte-identical results and writes the same checkpoint: the effect is exactly once.
 */
package dev.tandem.engine.microbatch;
