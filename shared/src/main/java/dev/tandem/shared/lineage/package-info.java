/**
 * OpenLineage run events for micro-batches and batch runs, built with the official
 * {@code openlineage-java} client and sent with its HTTP or file transport.
 *
 * <p>Datasets follow the OpenLineage naming conventions: a Kafka topic is namespace
 * {@code kafka://host:port}, name the topic; objects are namespace {@code s3://bucket}, name the
 * key prefix. Facets carry what makes a result explainable: the schema of the events, row and
 * data-quality counts (valid, invalid, late, duplicate), the Kafka offset ranges read
 * ({@code tandem_offsets}) and the object keys written or read ({@code tandem_objects}).
 */
package dev.tandem.shared.lineage;
