package dev.tandem.engine.microbatch;

/** The points between the steps of a micro-batch where a crash is possible (and injected in tests). */
public enum Boundary {
    AFTER_VALIDATE, AFTER_DEAD_LETTER, AFTER_LAND, AFTER_FOLD, AFTER_EMIT, AFTER_CHECKPOINT, BEFORE_COMMIT;
}
