package dev.tandem.microbatch.drain;

/** A drain cannot run now: a live consumer or another drain owns the partitions (409). */
public final class DrainConflictException extends RuntimeException {

    DrainConflictException(String message) {
        super(message);
    }
}
