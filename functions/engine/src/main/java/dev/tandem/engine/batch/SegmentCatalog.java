package dev.tandem.engine.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.SegmentKey;

/** Lists the raw segments of a range and freezes them into a manifest. */
public final class SegmentCatalog {

    private final ObjectStore store;

    public SegmentCatalog(ObjectStore store) {
        this.store = store;
    }

    /**
     * The segments of every hour {@code range} touches, late ones included (they are filed under
     * their event hour like any other), as listed now: later writes are not part of the cut.
     */
    public Manifest cut(String pipeline, String layout, TimeRange range) {
        List<ManifestEntry> entries = new ArrayList<>();
        for (Instant hour : range.hours()) {
            for (ObjectStore.ObjectInfo o : store.list(SegmentKey.hourPrefix(pipeline, hour))) {
                if (isSegment(o.key())) {
                    entries.add(new ManifestEntry(o.key(), o.size(), o.etag()));
                }
            }
        }
        return new Manifest(pipeline, range.from(), range.to(), layout, entries);
    }

    static boolean isSegment(String key) {
        try {
            SegmentKey.parse(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
