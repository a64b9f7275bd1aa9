package dev.tandem.engine.microbatch;

import java.util.Locale;

/** The steps of a micro-batch, in order; each has a child span. */
public enum Step {
    VALIDATE, DEAD_LETTER, LAND, FOLD, EMIT, CHECKPOINT, COMMIT;

    public String spanName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
