/**
 * Records as they arrive and as the engine sees them.
 *
 * <p>A {@link dev.tandem.shared.record.RawRecord} is what Kafka (or a push trigger) delivered:
 * coordinates, timestamp, key, value and headers. {@link dev.tandem.shared.decode.RecordDecoder}
 * turns it into either an {@link dev.tandem.shared.record.Envelope} — event id, event time,
 * group key, source coordinates, schema version, trace context and the masked payload — or the
 * list of violations that send it to the dead-letter topic. Values are plain JSON events or
 * CloudEvents in structured or binary mode.
 *
 * <p>An envelope carries its payload twice: as the masked tree the engine reads fields from, and
 * as the bytes to land — the bytes that came with masked values spliced in
 * ({@link dev.tandem.shared.record.LandedPayload}), so a segment holds what the producer sent, not
 * a re-serialisation. Envelopes read back from segments have the tree only.
 *
 * <p>It also carries, taken where the payload was parsed, the values the pipeline's aggregates read
 * of it ({@link dev.tandem.shared.record.AggregateInputs}): a fold runs a batch's worth of trees
 * after they were built, when looking fields up in them misses the CPU's caches. Its group key is
 * shared by every event of the group ({@link dev.tandem.shared.record.GroupKeys}), so a fold finds
 * its row by identity.
 */
package dev.tandem.shared.record;
