/**
 * The batch function: invoked over HTTP or on a schedule, it recomputes complete, authoritative
 * results from the raw segments in S3 and reconciles them with the micro-batch results (see
 * DESIGN.md, "Batch function"). {@code core} is the engine, {@code runs} runs it, {@code http}
 * and {@code schedule} invoke it, {@code security} guards and audits, {@code observability} reports.
 */
package dev.tandem.batch;
