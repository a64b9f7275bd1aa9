/**
 * What the engines need from the outside world and the functions provide: a {@link
 * dev.tandem.engine.io.RecordSink} for dead letters, results and corrections (Kafka in the
 * functions, a list in unit tests), and the {@link dev.tandem.engine.io.MicroBatchResults} a
 * reconcile compares with. Object storage is {@link dev.tandem.shared.storage.ObjectStore}, owned by
 * {@code shared} because the formats it holds are.
 */
package dev.tandem.engine.io;
