/**
 * Validation of events: the pipeline's JSON Schema plus its data-quality rules. A result carries
 * every violation — the rule, the field, the offending value and a message — so the caller can
 * dead-letter the record with its reasons; nothing is dropped silently.
 *
 * <p>The networknt validator is the reference and writes every schema message. Most events are
 * valid, so a yes/no check comes first: {@code CompiledSchema}, the schema compiled into plain
 * Java for the keywords event schemas use (a differential test holds its verdicts equal to
 * networknt's), or networknt's own fail-fast check for a schema that uses anything else.
 */
package dev.tandem.shared.validation;
