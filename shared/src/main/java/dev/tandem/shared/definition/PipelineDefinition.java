package dev.tandem.shared.definition;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.tandem.shared.aggregate.AggregateSpec;
import dev.tandem.shared.masking.PiiField;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.schema.SchemaVersion;
import dev.tandem.shared.validation.QualityRule;
import dev.tandem.shared.window.WindowSpec;

/**
 * A validated pipeline: everything both rhythms must agree on. Read one with
 * {@link PipelineDefinitionLoader}; the constructor only guards against nulls.
 *
 * @param name                 lower-case name used in topics ({@code <name>.dlq}) and object keys
 * @param description          free text for people
 * @param source               the Kafka topic and its format
 * @param schemas              the event schema versions, oldest first; the last one is current
 * @param event                the event-id and event-time fields
 * @param groupBy              the fields whose values form the group key; empty means one group
 * @param window               the windows results are computed for
 * @param allowedLateness      how far behind its partition's newest event time a record may be and still count
 * @param dedupeHorizon        how long (event time, behind the watermark) an event id is remembered for dedupe
 * @param idlePartitionTimeout after how long without records a partition stops holding the pipeline watermark back
 * @param aggregates           what is computed per window and group
 * @param rules                data-quality rules beyond the schema
 * @param pii                  fields masked before anything is landed
 * @param retention            how long raw segments and results are kept
 * @param freshness            the micro-batch latency objective
 * @param landingCodec         how raw segments are compressed when landed (and compacted)
 */
public record PipelineDefinition(String name, String description, SourceSpec source, List<SchemaVersion> schemas,
        EventFields event, List<FieldPath> groupBy, WindowSpec window, Duration allowedLateness,
        Duration dedupeHorizon, Duration idlePartitionTimeout, List<AggregateSpec> aggregates,
        List<QualityRule> rules, List<PiiField> pii, Retention retention, FreshnessObjective freshness,
        SegmentCodec landingCodec) {

    public PipelineDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        schemas = List.copyOf(schemas);
        Objects.requireNonNull(event, "event");
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(dedupeHorizon, "dedupeHorizon");
        Objects.requireNonNull(idlePartitionTimeout, "idlePartitionTimeout");
        aggregates = List.copyOf(aggregates);
        rules = List.copyOf(rules);
        pii = List.copyOf(pii);
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(landingCodec, "landingCodec");
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("Pipeline '" + name + "' has no schema version");
        }
    }

    /** The newest schema version: the one new events are expected to follow. */
    public SchemaVersion currentSchema() {
        return schemas.get(schemas.size() - 1);
    }

    /** The dead-letter topic for invalid records. */
    public String deadLetterTopic() {
        return name + ".dlq";
    }

    /** The topic results are emitted to. */
    public String resultsTopic() {
        return name + ".results";
    }
}
