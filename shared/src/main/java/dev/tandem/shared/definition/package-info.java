/**
 * The pipeline definition: one YAML file per pipeline, read by both rhythms.
 *
 * <p>It names the source topic and format, the JSON Schema versions of the events, which fields
 * are the event id and event time, the group-by fields, the window, allowed lateness, dedupe
 * horizon, idle-partition timeout, the aggregates, data-quality rules, PII fields to mask,
 * retention and the freshness objective. {@link dev.tandem.shared.definition.PipelineDefinitionLoader}
 * validates a file completely and reports every problem with the file, the field path and a fix,
 * so an invalid definition stops start-up with a message an operator can act on. Each concept
 * package reads and checks its own section with a {@link dev.tandem.shared.spec.SpecReader}
 * ({@code window.WindowSection}, {@code aggregate.AggregateSection}, {@code validation.RuleSection},
 * {@code masking.PiiSection}, {@code schema.SchemaSection}); the sections that are the definition's
 * own (source, event and group-by, lateness and dedupe, retention and freshness) are read here, and
 * the loader assembles them.
 */
package dev.tandem.shared.definition;
