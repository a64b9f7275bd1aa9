/**
 * The micro-batch function: Kafka-triggered, it folds each batch of records into window state
 * with the shared engine and emits fresh results (see DESIGN.md, "Micro-batch function").
 */
package dev.tandem.microbatch;
