/**
 * What operators see: readiness, Micrometer metrics under the {@code tandem_microbatch_} prefix,
 * one OpenTelemetry span per micro-batch linked to its producers' spans, and OpenLineage events.
 */
package dev.tandem.microbatch.observability;
