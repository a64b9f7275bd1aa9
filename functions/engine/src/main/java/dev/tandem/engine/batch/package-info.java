/**
 * The batch rhythm's building blocks: cut a range's raw segments into a manifest
 * ({@link dev.tandem.engine.batch.SegmentCatalog}), fold a manifest exactly as the micro-batch
 * folded it but with late data ({@link dev.tandem.engine.batch.ManifestFold}), write deterministic
 * result objects ({@link dev.tandem.engine.batch.ResultObjects}) and publish them with a
 * {@link dev.tandem.engine.batch.ResultsPointer}, compare with the micro-batch results
 * ({@link dev.tandem.engine.batch.Reconciliation}), compact and expire segments. Where a run's
 * objects live is {@link dev.tandem.shared.storage.ObjectKeys}'.
 */
package dev.tandem.engine.batch;
