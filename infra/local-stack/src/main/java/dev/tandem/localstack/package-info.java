/**
 * The real servers Tandem's tests, dev mode and demo run against, started in-process on
 * 127.0.0.1: an Apache Kafka broker in KRaft mode (combined broker and controller) and an
 * S3-compatible server (S3Proxy over a filesystem blob store).
 *
 * <p>No Docker is needed, so Quarkus Dev Services stay off and these take their place.
 * {@link dev.tandem.localstack.LocalStack} starts both and hands out the configuration a
 * Quarkus function needs; {@link dev.tandem.localstack.LocalStackTestResource} starts one
 * stack per test JVM; {@link dev.tandem.localstack.LocalStackMain} runs it standalone with
 * its data in a directory that survives restarts. {@link dev.tandem.localstack.S3Faults} makes the
 * S3 server's storage slow, full or cut mid-read while it runs: for fault tests, and for benchmarks
 * that read at a remote S3's latency.
 */
package dev.tandem.localstack;
