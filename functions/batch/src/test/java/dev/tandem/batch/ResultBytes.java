package dev.tandem.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;

/** A run's result objects as comparable text: name within the run, and the bytes. */
final class ResultBytes {

    private ResultBytes() {
    }

    static List<String> of(ObjectStore store, String runId) {
        String prefix = ObjectKeys.results("orders", runId);
        List<String> out = new ArrayList<>();
        for (ObjectStore.ObjectInfo o : store.list(prefix)) {
            out.add(o.key().substring(prefix.length()) + " "
                    + Base64.getEncoder().encodeToString(store.get(o.key()).orElseThrow()));
        }
        assertThat(out).as("result objects of %s", runId).isNotEmpty();
        return out;
    }
}
