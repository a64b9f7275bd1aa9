package dev.tandem.demo.run;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.demo.generate.GeneratedTruth;

/**
 * What a demo run shows, next to what the generator knows it sent.
 *
 * @param truth               what was sent
 * @param generateSeconds     how long sending took
 * @param throughput          records/s the micro-batch function processed while the generator ran
 * @param recordsIn           records the micro-batch function received
 * @param invalid             dead-lettered
 * @param late                late
 * @param duplicates          duplicates skipped
 * @param windowsFinal        FINAL results emitted
 * @param freshnessP50        seconds, over the whole run
 * @param freshnessP99        seconds, over the whole run
 * @param freshnessSlo        the pipeline's freshness objective, seconds
 * @param withinSlo           share of records within the objective
 * @param sloTarget           the share the objective asks for
 * @param windowsCorrected    CORRECTED results published by reconcile
 * @param expectedCorrections partials the generator's late events went into, inside the range
 * @param unexplained         differences reconcile could not put down to late data
 * @param recompute           the recompute run's answer
 * @param reconcile           the reconcile run's answer
 */
public record Summary(GeneratedTruth truth, double generateSeconds, double throughput, long recordsIn, long invalid,
        long late, long duplicates, long windowsFinal, double freshnessP50, double freshnessP99, double freshnessSlo,
        double withinSlo, double sloTarget, long windowsCorrected, long expectedCorrections, long unexplained,
        JsonNode recompute, JsonNode reconcile) {
}
