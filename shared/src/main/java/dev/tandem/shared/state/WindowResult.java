package dev.tandem.shared.state;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.window.Window;

/**
 * The values of one (window, group) at a point in time, with the offset ranges that made them.
 *
 * @param window  the window
 * @param group   the group
 * @param values  aggregate name → value, in definition order
 * @param sources source partition → offset range folded into it
 */
public record WindowResult(Window window, GroupKey group, ObjectNode values,
        Map<Integer, SourceRanges.OffsetRange> sources) {

    public WindowResult {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(values, "values");
        sources = Map.copyOf(sources);
    }
}
