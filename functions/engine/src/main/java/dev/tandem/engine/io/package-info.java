/**
 * What the engines need from the outside world to send records: a {@link dev.tandem.engine.io.RecordSink}
 * for dead letters, results and corrections (Kafka in the functions, a list in unit tests), and the
 * one place a result becomes a topic record. Object storage is
 * {@link dev.tandem.shared.storage.ObjectStore}, owned by {@code shared} because the formats it holds
 * are; the micro-batch results a reconcile reads are {@link dev.tandem.engine.batch.MicroBatchResults}.
 */
package dev.tandem.engine.io;
