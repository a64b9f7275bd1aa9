/**
 * The pull trigger: SmallRye Reactive Messaging reads the source topic in batch mode; this
 * package owns which partitions are processed here, from which offset, and when offsets are
 * acknowledged (only after the batch's checkpoint is durable).
 */
package dev.tandem.microbatch.pull;
