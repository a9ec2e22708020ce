package io.sluice.processor.window;

import io.sluice.processor.aggregate.Accumulator;
import java.util.Objects;

/**
 * A window state is the aggregation state of one window of one group: the window's bounds and one
 * accumulator per aggregate of the step, in order.
 *
 * <p>The bounds are fixed; the accumulators are mutable and belong to whoever holds the state (a
 * store hands out fresh ones on every read).
 */
public final class WindowState {
    private final GroupKey group;
    private final TimeWindow window;
    private final Accumulator[] accumulators;

    /** The state of {@code window} of {@code group}, holding {@code accumulators} (not copied). */
    public WindowState(GroupKey group, TimeWindow window, Accumulator[] accumulators) {
        this.group = Objects.requireNonNull(group, "group");
        this.window = Objects.requireNonNull(window, "window");
        this.accumulators = Objects.requireNonNull(accumulators, "accumulators");
    }

    /** The group the window belongs to. */
    public GroupKey group() {
        return group;
    }

    /** The window's bounds. */
    public TimeWindow window() {
        return window;
    }

    /** The window's start, epoch milliseconds (inclusive). */
    public long startMs() {
        return window.startMs();
    }

    /** The window's end, epoch milliseconds (exclusive). */
    public long endMs() {
        return window.endMs();
    }

    /** The key of this state: group and start. */
    public WindowKey key() {
        return new WindowKey(group, window.startMs());
    }

    /** One accumulator per aggregate, in the step's order; mutable, not copied. */
    public Accumulator[] accumulators() {
        return accumulators;
    }

    @Override
    public String toString() {
        return "WindowState" + group + "[" + window.startMs() + ", " + window.endMs() + ")";
    }
}
