package io.sluice.processor.window;

import io.sluice.processor.RowCollector;
import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.processor.aggregate.InvertibleAccumulator;

/**
 * A pane sweep emits the rows of a group's sliding windows from its panes: for each run of
 * consecutive windows it combines the first window's panes, then slides the running value from one
 * window to the next by subtracting the panes that leave and merging the panes that enter, so a run
 * costs one pass over its panes however many windows overlap each pane.
 */
final class PaneSweep {
    private final PaneGrid grid;
    private final AccumulatorCodec codec;
    private final OutputRows outputRows;

    PaneSweep(PaneGrid grid, AccumulatorCodec codec, OutputRows outputRows) {
        this.grid = grid;
        this.codec = codec;
        this.outputRows = outputRows;
    }

    /**
     * Emits the row of each window in {@code runs} of {@code group}, computed from {@code panes}
     * (sorted by start, left unchanged), and returns how many rows it emitted. Every window of the
     * runs must contain a pane.
     */
    long sweep(GroupKey group, WindowSlots panes, WindowRuns runs, RowCollector out) {
        long emitted = 0;
        for (int run = 0; run < runs.size(); run++) {
            Accumulator[] running = codec.newAccumulators();
            long window = runs.from(run);
            int leaving = firstStartingAtOrAfter(panes, grid.windowStart(window));
            int entering = leaving;
            while (true) {
                long start = grid.windowStart(window);
                long end = grid.windowEnd(window);
                // Subtract before merging, so the running value never holds more than a window.
                while (leaving < entering && panes.start(leaving) < start) {
                    subtract(running, panes.accumulators(leaving++));
                }
                while (entering < panes.size() && panes.start(entering) < end) {
                    AccumulatorCodec.merge(running, panes.accumulators(entering++));
                }
                out.collect(
                        outputRows.row(
                                new WindowState(group, new TimeWindow(start, end), running)));
                emitted++;
                if (window == runs.to(run)) {
                    break;
                }
                window++;
            }
        }
        return emitted;
    }

    private static void subtract(Accumulator[] running, Accumulator[] pane) {
        for (int i = 0; i < running.length; i++) {
            ((InvertibleAccumulator) running[i]).subtract(pane[i]);
        }
    }

    private static int firstStartingAtOrAfter(WindowSlots panes, long time) {
        int low = 0;
        int high = panes.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (panes.start(mid) < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
