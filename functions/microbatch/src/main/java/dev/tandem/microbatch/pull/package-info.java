/**
 * The pull trigger: one Kafka consumer on its own thread reads the source topic
 * ({@link dev.tandem.function.source.KafkaSource}) and hands each poll's records, as they came, to
 * one processing thread; this package owns which partitions are processed here, from which offset
 * (the checkpoints', never Kafka's committed offsets), and when offsets are committed for lag tooling
 * (only after the batch's checkpoint is durable).
 */
package dev.tandem.microbatch.pull;
