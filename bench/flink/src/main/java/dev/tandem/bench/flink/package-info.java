/**
 * Apache Flink doing the micro-batch benchmark's job, for a like-with-like comparison in one run
 * ({@code MicroBatchBench --flink}). Built only with the Maven profile {@code flink}.
 */
package dev.tandem.bench.flink;
