/**
 * Batch runs: one manager ({@link dev.tandem.engine.batch.run.BatchRuns}) owns the lifecycle —
 * status in S3 from the first moment, so any instance can report and resume a run; observation;
 * success or failure — and one handler per kind does the work: {@code RecomputeRun},
 * {@code ReconcileRun}, {@code ReplayRun}, {@code CompactRun}, {@code RetentionRun},
 * {@code BackfillRun} (the cuts the live path left, read from the source topic by offsets through
 * {@link dev.tandem.engine.batch.run.BackfillSources}), with
 * {@code Resume} deciding which runs may run again. Each kind returns its own typed
 * {@link dev.tandem.engine.batch.run.RunSummary}; publishing is one pointer written last.
 */
package dev.tandem.engine.batch.run;
