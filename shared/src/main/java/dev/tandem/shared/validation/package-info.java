/**
 * Validation of events: the pipeline's JSON Schema (checked by the networknt validator, not by
 * hand) plus its data-quality rules. A result carries every violation — the rule, the field, the
 * offending value and a message — so the caller can dead-letter the record with its reasons;
 * nothing is dropped silently.
 */
package dev.tandem.shared.validation;
