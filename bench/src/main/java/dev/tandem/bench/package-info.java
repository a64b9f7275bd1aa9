/**
 * Benchmarks: JMH for the shared engine ({@code SharedEngineBenchmarks}), the micro-batch function
 * end to end against the floors a hand-written consumer sets ({@code MicroBatchBench}), and the
 * batch function's recompute and memory ({@code BatchBench}). Each writes its results to
 * {@code bench/results}; the commands are in {@code bench/README.md}. {@code RecomputeAB} writes
 * nothing: it alternates two builds of the batch function over the same segments, to read a
 * change to the batch path on a machine whose speed drifts from minute to minute.
 */
package dev.tandem.bench;
