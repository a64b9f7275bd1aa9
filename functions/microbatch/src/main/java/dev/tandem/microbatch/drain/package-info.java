/**
 * Drain mode, for a function that does not run between calls: {@code POST /drain} (role
 * {@code tandem-operator}) or the function's own schedule drains every partition of the source
 * topic to its end offsets at the time of the call, through the same engine as the live consumer,
 * and answers with a summary. A drain never runs beside a live consumer of the pipeline's group
 * (409). The pipeline's freshness latency picks the rhythm ({@link dev.tandem.engine.drain.Rhythm}).
 */
package dev.tandem.microbatch.drain;
