/**
 * Records as they arrive and as the engine sees them.
 *
 * <p>A {@link dev.tandem.shared.record.RawRecord} is what Kafka (or a push trigger) delivered:
 * coordinates, timestamp, key, value and headers. {@link dev.tandem.shared.decode.RecordDecoder}
 * turns it into either an {@link dev.tandem.shared.record.Envelope} — event id, event time,
 * group key, source coordinates, schema version, trace context and the masked payload — or the
 * list of violations that send it to the dead-letter topic. Values are plain JSON events or
 * CloudEvents in structured or binary mode.
 */
package dev.tandem.shared.record;
