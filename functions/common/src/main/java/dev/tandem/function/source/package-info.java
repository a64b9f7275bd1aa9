/**
 * Reading the source topic without a messaging framework: {@link dev.tandem.function.source.KafkaSource}
 * is one Kafka consumer on its own thread that hands each poll's records, as they came, to one
 * processing thread, drops the records of a partition fetched before it was revoked or sought
 * (generations, {@code PollAdmission}), and runs seeks, end offsets and commits on the polling
 * thread, the only one the consumer allows. Where a partition is read from is not its business: an
 * {@link dev.tandem.function.source.KafkaSource.Ownership} seeks it on assignment (the micro-batch
 * function's, from the checkpoints). {@link dev.tandem.function.source.SourceSettings} are the
 * consumer's properties, from the cluster's and the source channel's configuration keys.
 */
package dev.tandem.function.source;
