package dev.tandem.engine.microbatch;

import java.util.Set;

/**
 * Which records of a source partition already have a dead letter. A partition's first batch with
 * invalid records after a restore asks, since a crash may have come after its dead letters were
 * sent and before its checkpoint: those are not sent again.
 */
@FunctionalInterface
public interface DeadLetterHistory {

    /**
     * Offsets at or after {@code fromOffset} of the pipeline's source partition that have a dead
     * letter written at or after {@code sinceMs}.
     */
    Set<Long> deadLettered(int partition, long fromOffset, long sinceMs);
}
