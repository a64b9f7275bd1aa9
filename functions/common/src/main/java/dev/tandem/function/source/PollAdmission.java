package dev.tandem.function.source;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.tandem.shared.record.RawRecord;

/**
 * Which polled records may still go to the assembler. Each partition has a generation, raised when
 * it is revoked, assigned or sought; a poll is stamped with its partitions' generations when it is
 * fetched, and its records of a partition whose generation moved since are stale — that partition
 * was sought back to where it is to be read from, by its new owner or here — and are dropped.
 * Raising a generation waits while records are being admitted, so none slips in between a seek and
 * the assembler being cleared after it.
 */
final class PollAdmission {

    private final Map<Integer, Long> generations = new HashMap<>();

    /** The current generations of {@code partitions}, to stamp a poll with. */
    synchronized Map<Integer, Long> stamp(Collection<Integer> partitions) {
        Map<Integer, Long> stamp = new HashMap<>();
        partitions.forEach(p -> stamp.put(p, generation(p)));
        return stamp;
    }

    /** Makes every poll stamped before this stale for {@code partitions}. */
    synchronized void advance(Collection<Integer> partitions) {
        partitions.forEach(p -> generations.merge(p, 1L, Long::sum));
    }

    /**
     * Hands {@code sink} each partition's records whose stamp is still current (in the order of
     * {@code byPartition}); returns the partitions handed.
     */
    synchronized Set<Integer> admit(Map<Integer, Long> stamp, Map<Integer, List<RawRecord>> byPartition,
            BiConsumer<Integer, List<RawRecord>> sink) {
        Set<Integer> admitted = new LinkedHashSet<>();
        byPartition.forEach((partition, records) -> {
            Long stamped = stamp.get(partition);
            if (stamped != null && stamped == generation(partition) && !records.isEmpty()) {
                sink.accept(partition, records);
                admitted.add(partition);
            }
        });
        return admitted;
    }

    private long generation(int partition) {
        return generations.getOrDefault(partition, 0L);
    }
}
