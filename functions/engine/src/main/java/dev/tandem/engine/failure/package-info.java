/**
 * Failure handling as one decision behind one interface: a {@link dev.tandem.engine.failure.FailureStrategy}
 * says what follows a failed attempt — retry after a backoff (capped), seek (records must be delivered
 * again from an offset), or fail — and {@link dev.tandem.engine.failure.Attempts} carries it out,
 * telling a {@link dev.tandem.engine.failure.FailureListener} about every failed attempt, so a failure
 * that repeats never loops silently: the functions count it in a metric and log it naming the
 * pipeline, topic, partition and offset ({@link dev.tandem.engine.failure.Where}). The pull consumer
 * retries with backoff and seeks on a gap; the push route seeks on a gap (409) and otherwise fails at
 * once (503, the trigger retries); restoring a partition on assignment retries a few times, then fails.
 */
package dev.tandem.engine.failure;
