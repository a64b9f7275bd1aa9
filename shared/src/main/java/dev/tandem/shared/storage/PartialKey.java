package dev.tandem.shared.storage;

import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.window.Window;

/**
 * The key of a partial result: one (window, group) of one source partition — what the micro-batch
 * function emits, what a correction replaces, and (as {@link #recordKey}) the key of its record on
 * the results topic, so a compacted results topic keeps the latest value of each partial.
 *
 * @param window    the window
 * @param group     the group
 * @param partition the source partition
 */
public record PartialKey(Window window, GroupKey group, int partition) implements Comparable<PartialKey> {

    /** {@code orders|2026-11-25T10:15:00Z|["store-7"]|2}: the results topic's record key. */
    public String recordKey(String pipeline) {
        return recordKey(pipeline, window, group, Integer.toString(partition));
    }

    /** The record key of a complete value (all partitions merged): {@code *} for the partition. */
    static String completeKey(String pipeline, Window window, GroupKey group) {
        return recordKey(pipeline, window, group, "*");
    }

    private static String recordKey(String pipeline, Window window, GroupKey group, String partition) {
        return pipeline + "|" + window.start() + "|" + group + "|" + partition;
    }

    @Override
    public int compareTo(PartialKey o) {
        int c = window.compareTo(o.window);
        if (c == 0) {
            c = group.compareTo(o.group);
        }
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }
}
