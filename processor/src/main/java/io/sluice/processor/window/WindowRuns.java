package io.sluice.processor.window;

import java.util.Arrays;

/**
 * Window runs are the numbers of the sliding windows to emit for one group (see {@link PaneGrid}),
 * as sorted, disjoint runs of consecutive numbers {@code [from, to]}: each run is swept with one
 * running value.
 */
final class WindowRuns {
    private long[] bounds = new long[8];
    private int size;

    /**
     * The windows containing any of {@code panes} (sorted by start), numbered from {@code lowest}
     * to {@code highest} at most.
     */
    static WindowRuns of(WindowSlots panes, PaneGrid grid, long lowest, long highest) {
        WindowRuns runs = new WindowRuns();
        for (int i = 0; i < panes.size(); i++) {
            long pane = panes.start(i);
            // A later pane's windows never start before an earlier pane's, so runs come in order.
            runs.add(
                    Math.max(grid.firstWindow(pane), lowest),
                    Math.min(grid.lastWindow(pane), highest));
        }
        return runs;
    }

    /** Adds the windows {@code from} to {@code to}; {@code from} is at least every earlier one. */
    void add(long from, long to) {
        if (from > to) {
            return;
        }
        if (size > 0 && from <= bounds[2 * size - 1] + 1) {
            bounds[2 * size - 1] = Math.max(bounds[2 * size - 1], to);
            return;
        }
        if (2 * size == bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * size] = from;
        bounds[2 * size + 1] = to;
        size++;
    }

    /** The number of runs. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first window of run {@code run}. */
    long from(int run) {
        return bounds[2 * run];
    }

    /** The last window of run {@code run}, inclusive. */
    long to(int run) {
        return bounds[2 * run + 1];
    }
}
