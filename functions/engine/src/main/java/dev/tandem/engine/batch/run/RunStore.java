package dev.tandem.engine.batch.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectStore;

/** Run statuses in S3, so any instance can answer {@code runStatus} and resume a run another one started. */
public final class RunStore {

    private final ObjectStore store;
    private final String pipeline;

    public RunStore(ObjectStore store, String pipeline) {
        this.store = store;
        this.pipeline = pipeline;
    }

    public void save(RunStatus status) {
        try {
            store.put(ObjectKeys.status(pipeline, status.runId()),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(status), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<RunStatus> load(String runId) {
        return store.get(ObjectKeys.status(pipeline, runId)).map(bytes -> {
            try {
                return Json.mapper().readValue(bytes, RunStatus.class);
            } catch (IOException e) {
                throw new UncheckedIOException("Corrupt run status of " + runId, e);
            }
        });
    }
}
