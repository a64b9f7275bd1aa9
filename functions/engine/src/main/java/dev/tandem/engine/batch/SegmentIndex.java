package dev.tandem.engine.batch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.tandem.shared.state.SourceRanges.OffsetRange;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.SegmentKey;
import dev.tandem.shared.window.Window;

/** The segments of a manifest by partition and hour, for result lineage: which segments made a value. */
public final class SegmentIndex {

    private final Map<Integer, Map<Instant, List<SegmentKey>>> byPartitionAndHour = new HashMap<>();

    public SegmentIndex(Manifest manifest) {
        for (ManifestEntry e : manifest.objects()) {
            SegmentKey k = SegmentKey.parse(e.key());
            byPartitionAndHour.computeIfAbsent(k.partition(), p -> new HashMap<>())
                    .computeIfAbsent(k.hour(), h -> new ArrayList<>()).add(k);
        }
        byPartitionAndHour.values().forEach(hours -> hours.values()
                .forEach(list -> list.sort(Comparator.comparingLong(SegmentKey::lastOffset))));
    }

    /** Keys of the segments of {@code partition} in the window's hours whose offsets meet {@code range}, sorted. */
    public List<String> covering(Window window, int partition, OffsetRange range) {
        TreeSet<String> keys = new TreeSet<>();
        Map<Instant, List<SegmentKey>> hours = byPartitionAndHour.getOrDefault(partition, Map.of());
        Instant last = Instant.ofEpochMilli(window.endMs() - 1).truncatedTo(ChronoUnit.HOURS);
        for (Instant h = window.start().truncatedTo(ChronoUnit.HOURS); !h.isAfter(last); h = h.plus(1, ChronoUnit.HOURS)) {
            List<SegmentKey> list = hours.getOrDefault(h, List.of());
            // Sorted by last offset: skip those ending before the range, stop at those starting after it.
            int i = firstEndingAtOrAfter(list, range.first());
            for (; i < list.size(); i++) {
                SegmentKey k = list.get(i);
                if (k.firstOffset() <= range.last()) {
                    keys.add(k.key());
                }
            }
        }
        return List.copyOf(keys);
    }

    private static int firstEndingAtOrAfter(List<SegmentKey> list, long offset) {
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid).lastOffset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
