/** Spans, metrics and OpenLineage events of batch runs. */
package dev.tandem.batch.observability;
