/**
 * The functions' way out to real systems: {@link dev.tandem.function.io.S3ObjectStore} (the
 * shared {@link dev.tandem.shared.storage.ObjectStore} on the AWS SDK) and
 * {@link dev.tandem.function.io.KafkaRecordSink} (records to Kafka topics, waiting for the
 * broker's acknowledgement before a micro-batch may checkpoint).
 */
package dev.tandem.function.io;
