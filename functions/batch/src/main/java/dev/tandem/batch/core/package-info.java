/**
 * The batch rhythm's engine, without Quarkus: cut a range's raw segments into a manifest
 * ({@link dev.tandem.batch.core.SegmentCatalog}), fold a manifest exactly as the micro-batch folded
 * it but with late data ({@link dev.tandem.batch.core.ManifestFold}), write deterministic result
 * objects ({@link dev.tandem.batch.core.ResultObjects}), compare with the micro-batch results
 * ({@link dev.tandem.batch.core.Reconciliation}), compact and expire segments.
 */
package dev.tandem.batch.core;
