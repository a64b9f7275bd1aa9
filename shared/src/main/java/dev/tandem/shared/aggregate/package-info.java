/**
 * Mergeable aggregates: count, sum, min, max, avg, approximate distinct and quantiles.
 *
 * <p>Every aggregate is a monoid: an empty state, a way to add one event, and a merge such that
 * {@code merge(agg(A), agg(B)) == agg(A ∪ B)} for any split of the events and any order. That is
 * what lets micro-batches fold records batch by batch, lets results be partials per source
 * partition, and lets the batch rhythm recompute the same answer from the landed records.
 *
 * <p>Sums, minimums, maximums and averages are exact decimals ({@link java.math.BigDecimal}), so
 * the two rhythms never drift apart through floating-point rounding. Distinct counts use an
 * Apache DataSketches Theta sketch (nominal 4096 entries, about 1.6% relative standard error);
 * quantiles use a DDSketch with 1% relative accuracy. Both are serialized in a canonical form:
 * equal states give equal bytes, whatever the order of updates and merges.
 */
package dev.tandem.shared.aggregate;
