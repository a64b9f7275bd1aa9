package dev.tandem.engine.batch.run;

import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ObjectStore;

/** Loading a manifest a request or a status names, with errors that name the request's field. */
final class Manifests {

    private Manifests() {
    }

    /** @throws RunNotFoundException naming {@code field} if there is no manifest at {@code key} */
    static Manifest load(ObjectStore store, String key, String field) {
        byte[] bytes = store.get(key).orElseThrow(() -> new RunNotFoundException(field, "No manifest at " + key
                + " in bucket " + store.bucket()));
        try {
            return Manifest.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new RunNotFoundException(field, key + " is not a manifest: " + e.getMessage());
        }
    }
}
