package io.sluice.processor.window;

import java.util.Objects;

/**
 * A window key names one window of one group: the group key and the window's start; it is the key
 * of the window's state.
 */
public record WindowKey(GroupKey group, long startMs) {
    public WindowKey {
        Objects.requireNonNull(group, "group");
    }
}
