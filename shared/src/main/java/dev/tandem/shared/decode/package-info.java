/**
 * Decoding: {@link dev.tandem.shared.decode.RecordDecoder} turns a raw record into either an
 * {@link dev.tandem.shared.record.Envelope} — parsed, checked against the pipeline's JSON Schema
 * and rules, PII masked — or the list of violations that send it to the dead-letter topic, with
 * the headers {@link dev.tandem.shared.decode.DeadLetterHeaders} gives it. Values are plain JSON
 * events or CloudEvents in structured or binary mode. The top layer of {@code shared}: it needs the
 * definition, the schema, validation and masking, and none of them needs it.
 */
package dev.tandem.shared.decode;
