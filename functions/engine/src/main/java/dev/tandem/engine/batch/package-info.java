/**
 * The batch rhythm's engine, without Quarkus: cut a range's raw segments into a manifest
 * ({@link dev.tandem.engine.batch.SegmentCatalog}), fold a manifest exactly as the micro-batch folded
 * it but with late data ({@link dev.tandem.engine.batch.ManifestFold}), write deterministic result
 * objects ({@link dev.tandem.engine.batch.ResultObjects}), compare with the micro-batch results
 * ({@link dev.tandem.engine.batch.Reconciliation}), compact and expire segments.
 */
package dev.tandem.engine.batch;
