package dev.tandem.shared.aggregate;

import java.util.Locale;

/** The aggregate functions a pipeline can compute per window and group. */
public enum AggregateFunction {
    /** Number of events (after dedupe); needs no field. */
    COUNT(false, false),
    /** Exact decimal sum of a numeric field; events without it add nothing. */
    SUM(true, true),
    /** Smallest value of a numeric field. */
    MIN(true, true),
    /** Largest value of a numeric field. */
    MAX(true, true),
    /** Exact decimal mean of a numeric field (sum and count are kept, divided when read). */
    AVG(true, true),
    /** Approximate number of distinct values of a field (Theta sketch). */
    DISTINCT(true, false),
    /** Approximate quantiles of a numeric field (DDSketch, 1% relative accuracy). */
    QUANTILES(true, true);

    private final boolean needsField;
    private final boolean needsNumber;

    AggregateFunction(boolean needsField, boolean needsNumber) {
        this.needsField = needsField;
        this.needsNumber = needsNumber;
    }

    public boolean needsField() {
        return needsField;
    }

    public boolean needsNumber() {
        return needsNumber;
    }

    /** The name used in pipeline files: {@code count}, {@code sum}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
