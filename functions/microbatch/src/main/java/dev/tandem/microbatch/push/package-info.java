/**
 * The push trigger: a queue trigger (AWS Lambda's Kafka event source, or a CloudEvents batch from
 * Knative) POSTs a batch of records; they go through the same processor, with the same contract,
 * as pulled records. A redelivered batch has no further effect: records at or below a
 * partition's checkpoint are skipped. Malformed requests get 400 with an RFC 9457 problem body.
 */
package dev.tandem.microbatch.push;
