package io.sluice.processor.window;

import io.sluice.processor.RowCollector;
import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.processor.plan.OutputMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pane windows end a batch of sliding windows kept as panes ({@link PaneGrid}): the stored state is
 * one set of accumulators per group and pane, and a window's row is computed from its panes when it
 * is emitted, with the same rows, lateness and evictions as {@link WindowAggregator}'s window by
 * window path.
 *
 * <p>Implementation notes. A window exists exactly when it contains a stored pane: a record counts
 * in every window of its pane that is still open, and a pane is kept until the last window
 * containing it closes. So the windows each output mode emits are:
 *
 * <ul>
 *   <li>update: the windows containing a pane of the batch that end after the watermark in effect
 *       (the windows the batch's records counted in);
 *   <li>append: the windows containing a pane that end after the watermark in effect and at or
 *       before the new one (those that ended earlier were emitted by the batch that closed them);
 *   <li>complete: every window containing a pane.
 * </ul>
 *
 * <p>Per group in the batch: one range read of the stored panes that the batch's panes and the
 * windows to emit cover, the batch's panes merged into them (stored first), the rows emitted by a
 * {@link PaneSweep}, the batch's panes written, and the panes no open window needs deleted. Then,
 * for the groups not in the batch: complete mode emits all their windows ({@link WindowStore#all});
 * append mode emits the windows the new watermark closed, from the panes that end by it (every pane
 * of such a window does); and the panes whose last window closed are evicted ({@link
 * WindowStore#expired}).
 */
final class PaneWindows {
    private final AggregationPlan plan;
    private final PaneGrid grid;
    private final PaneSweep sweep;

    PaneWindows(AggregationPlan plan, PaneGrid grid, AccumulatorCodec codec) {
        this.plan = plan;
        this.grid = grid;
        this.sweep = new PaneSweep(grid, codec, new OutputRows(plan));
    }

    PaneGrid grid() {
        return grid;
    }

    /** Ends {@code batch} as {@link WindowAggregator#finish} says. */
    BatchStats finish(
            PartialAggregation batch, WindowStore store, long watermarkMs, RowCollector out) {
        Pass pass = new Pass(store, batch.watermarkMs(), watermarkMs, out);
        for (Map.Entry<GroupKey, WindowSlots> entry : batch.slots().entrySet()) {
            pass.finishGroup(entry.getKey(), entry.getValue());
        }
        pass.finishOtherGroups(batch.slots().keySet());
        return new BatchStats(pass.emitted, pass.written, pass.deleted);
    }

    /** One batch's pass over the store. */
    private final class Pass {
        final WindowStore store;
        final long nextWatermarkMs;
        final RowCollector out;
        final OutputMode mode = plan.outputMode();

        /** The first window that ends after the watermark in effect: the first still open. */
        final long firstOpen;

        /** The last window that ends at or before the new watermark: the last it closes. */
        final long lastClosed;

        final Set<WindowKey> evicted = new HashSet<>();
        long emitted;
        long written;
        long deleted;

        Pass(WindowStore store, long watermarkMs, long nextWatermarkMs, RowCollector out) {
            this.store = store;
            this.nextWatermarkMs = nextWatermarkMs;
            this.out = out;
            boolean closes = plan.closesWindows();
            this.firstOpen = closes ? grid.firstWindowEndingAfter(watermarkMs) : Long.MIN_VALUE;
            this.lastClosed =
                    closes ? grid.lastWindowEndingAtOrBefore(nextWatermarkMs) : Long.MIN_VALUE;
        }

        void finishGroup(GroupKey group, WindowSlots batchPanes) {
            WindowRuns changed = WindowRuns.of(batchPanes, grid, firstOpen, Long.MAX_VALUE);
            long fromMs;
            long untilMs;
            if (mode == OutputMode.COMPLETE) {
                fromMs = Long.MIN_VALUE;
                untilMs = Long.MAX_VALUE;
            } else if (mode == OutputMode.UPDATE) {
                // Each batch pane lies in one of its changed windows, so these cover them all.
                fromMs = grid.windowStart(changed.from(0));
                untilMs = grid.windowEnd(changed.to(changed.size() - 1));
            } else {
                fromMs = batchPanes.start(0);
                untilMs = batchPanes.end(batchPanes.size() - 1);
                if (firstOpen <= lastClosed) {
                    fromMs = Math.min(fromMs, grid.windowStart(firstOpen));
                    untilMs = Math.max(untilMs, grid.windowEnd(lastClosed));
                }
            }
            WindowSlots panes = merge(group, store.range(group, fromMs, untilMs), batchPanes);
            WindowRuns runs =
                    switch (mode) {
                        case UPDATE -> changed;
                        case APPEND -> WindowRuns.of(panes, grid, firstOpen, lastClosed);
                        default -> WindowRuns.of(panes, grid, Long.MIN_VALUE, Long.MAX_VALUE);
                    };
            emitted += sweep.sweep(group, panes, runs, out);
        }

        /**
         * The group's panes: {@code stored} (sorted by start) with {@code batchPanes} merged in;
         * writes the batch's panes and deletes the panes no open window needs.
         */
        WindowSlots merge(GroupKey group, List<WindowState> stored, WindowSlots batchPanes) {
            WindowSlots panes = new WindowSlots();
            int next = 0;
            for (int i = 0; i < batchPanes.size(); i++) {
                long start = batchPanes.start(i);
                while (next < stored.size() && stored.get(next).startMs() < start) {
                    keepStored(stored.get(next++), panes);
                }
                Accumulator[] state = batchPanes.accumulators(i);
                boolean wasStored = next < stored.size() && stored.get(next).startMs() == start;
                if (wasStored) {
                    Accumulator[] storedState = stored.get(next++).accumulators();
                    AccumulatorCodec.merge(storedState, state);
                    state = storedState;
                }
                panes.put(start, batchPanes.end(i), state);
                if (!isEvictable(start)) {
                    store.put(
                            new WindowState(
                                    group, new TimeWindow(start, batchPanes.end(i)), state));
                    written++;
                } else if (wasStored) {
                    evict(new WindowKey(group, start));
                }
            }
            while (next < stored.size()) {
                keepStored(stored.get(next++), panes);
            }
            return panes;
        }

        private void keepStored(WindowState pane, WindowSlots panes) {
            panes.put(pane.startMs(), pane.endMs(), pane.accumulators());
            if (isEvictable(pane.startMs())) {
                evict(pane.key());
            }
        }

        void finishOtherGroups(Set<GroupKey> inBatch) {
            if (mode == OutputMode.COMPLETE) {
                for (Map.Entry<GroupKey, WindowSlots> group : byGroup(store.all(), inBatch)) {
                    WindowSlots panes = group.getValue();
                    WindowRuns runs = WindowRuns.of(panes, grid, Long.MIN_VALUE, Long.MAX_VALUE);
                    emitted += sweep.sweep(group.getKey(), panes, runs, out);
                }
                return;
            }
            boolean closing = mode == OutputMode.APPEND && firstOpen <= lastClosed;
            List<WindowState> candidates = new ArrayList<>();
            store.expired(closing ? nextWatermarkMs : grid.evictableUntil(nextWatermarkMs))
                    .forEach(candidates::add);
            if (closing) {
                for (Map.Entry<GroupKey, WindowSlots> group : byGroup(candidates, inBatch)) {
                    WindowSlots panes = group.getValue();
                    WindowRuns runs = WindowRuns.of(panes, grid, firstOpen, lastClosed);
                    emitted += sweep.sweep(group.getKey(), panes, runs, out);
                }
            }
            for (WindowState pane : candidates) {
                if (isEvictable(pane.startMs()) && !evicted.contains(pane.key())) {
                    evict(pane.key());
                }
            }
        }

        /** Whether the last window containing the pane starting at {@code pane} has closed. */
        private boolean isEvictable(long pane) {
            return plan.closesWindows() && grid.windowEnd(grid.lastWindow(pane)) <= nextWatermarkMs;
        }

        private void evict(WindowKey pane) {
            store.delete(pane);
            evicted.add(pane);
            deleted++;
        }
    }

    /** {@code panes} by group, sorted by start, leaving out the groups in {@code skipped}. */
    private static Iterable<Map.Entry<GroupKey, WindowSlots>> byGroup(
            Iterable<WindowState> panes, Set<GroupKey> skipped) {
        Map<GroupKey, WindowSlots> groups = new LinkedHashMap<>();
        for (WindowState pane : panes) {
            if (!skipped.contains(pane.group())) {
                groups.computeIfAbsent(pane.group(), g -> new WindowSlots())
                        .put(pane.startMs(), pane.endMs(), pane.accumulators());
            }
        }
        return groups.entrySet();
    }
}
