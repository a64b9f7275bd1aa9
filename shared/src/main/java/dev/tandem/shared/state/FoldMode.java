package dev.tandem.shared.state;

/** What happens to a late record's closed windows. */
public enum FoldMode {
    /**
     * Micro-batch: a closed window has been emitted FINAL and never changes; a late record is
     * added only to its windows still open (none, for tumbling windows) and reported as late.
     */
    EXCLUDE_LATE,
    /**
     * Batch: the landed late records are part of the complete answer; a late record is added to
     * all its windows and still reported as late, which is what corrections are made of.
     */
    INCLUDE_LATE;
}
