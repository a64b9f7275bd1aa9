/**
 * The functions' way out to real systems: {@link dev.tandem.function.io.S3ObjectStore} (the
 * shared {@link dev.tandem.shared.storage.ObjectStore} on the AWS SDK; a GET counts only when its
 * whole body came, since a dropped connection can end a body early without an error) and
 * {@link dev.tandem.function.io.KafkaRecordSink} (records to Kafka topics, waiting for the
 * broker's acknowledgement before a micro-batch may checkpoint). Every Kafka consumer of the
 * functions (these readers and the pull source) calls {@link dev.tandem.function.io.NativeLz4#load()}
 * first, so LZ4 batches are decompressed natively under Quarkus' class loader, as they would be on a
 * plain class path.
 */
package dev.tandem.function.io;
