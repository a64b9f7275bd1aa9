package dev.tandem.engine.batch;

import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.window.Window;

/**
 * The key of a partial result: one (window, group) of one source partition — what the micro-batch
 * function emits and what a correction replaces.
 *
 * @param window    the window
 * @param group     the group
 * @param partition the source partition
 */
public record PartialKey(Window window, GroupKey group, int partition) implements Comparable<PartialKey> {

    @Override
    public int compareTo(PartialKey o) {
        int c = window.compareTo(o.window);
        if (c == 0) {
            c = group.compareTo(o.group);
        }
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }
}
