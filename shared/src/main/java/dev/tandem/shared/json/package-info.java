/**
 * Strict JSON read straight off bytes, for the hot paths that can go without a parser: a cursor that
 * builds values as Jackson's tree builder builds them with {@link dev.tandem.shared.record.Json#mapper()}
 * and steps past the others as strictly as Jackson checks them. Jackson stays the reference: where
 * a text holds anything only Jackson can decide (an escape, a number too long, nesting too deep, a
 * line break) or is malformed, the cursor answers null or false and its caller hands the text to
 * Jackson, so what is read or refused, and the error given, stay Jackson's. Differential tests
 * compare each reader with Jackson over corpora and mutants.
 */
package dev.tandem.shared.json;
