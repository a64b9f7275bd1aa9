/**
 * The batch function: invoked over HTTP or on a schedule, it recomputes complete, authoritative
 * results from the raw segments in S3 and reconciles them with the micro-batch results (see
 * DESIGN.md, "Batch function").
 */
package dev.tandem.batch;
