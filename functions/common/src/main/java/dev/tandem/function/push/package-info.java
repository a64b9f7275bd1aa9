/**
 * The wire formats a queue trigger pushes records in — an AWS Lambda Kafka event, a CloudEvents
 * batch (Knative KafkaSource) — decoded into {@link dev.tandem.function.push.PushedBatch}es of raw
 * records by partition; a request that cannot be decoded is a
 * {@link dev.tandem.function.push.MalformedPushException} naming the field.
 */
package dev.tandem.function.push;
