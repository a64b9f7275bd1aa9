package dev.tandem.engine.batch;

import java.util.Map;

/** Hears about a fold's progress: for run status, spans per segment read, and tests that interrupt runs. */
public interface FoldListener {

    FoldListener NONE = new FoldListener() {
    };

    /** A segment was read and checked against the manifest. */
    default void segmentRead(String key, int records, long bytes, Map<String, String> metadata, long nanos) {
    }
}
