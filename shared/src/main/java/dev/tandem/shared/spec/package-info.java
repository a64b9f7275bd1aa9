/**
 * Reading the sections of a pipeline file: {@link dev.tandem.shared.spec.SpecReader} gives typed
 * values, durations as people write them and schema-checked field references, and collects a
 * {@link dev.tandem.shared.spec.DefinitionProblem} — file, field, what is wrong, the fix — for
 * everything that is not right, so one load reports every problem at once. Each concept package
 * (window, aggregate, validation, masking, schema) reads and checks its own section with it; the
 * {@code definition} package assembles them. Below the concepts, so none of them depends on
 * {@code definition}.
 */
package dev.tandem.shared.spec;
