/**
 * Benchmarks: JMH for the shared engine ({@code SharedEngineBenchmarks}), the micro-batch function
 * end to end against the floors a hand-written consumer sets ({@code MicroBatchBench}), and the
 * batch function's recompute and memory ({@code BatchBench}). Each writes its results to
 * {@code bench/results}; the commands are in {@code bench/README.md}.
 */
package dev.tandem.bench;
