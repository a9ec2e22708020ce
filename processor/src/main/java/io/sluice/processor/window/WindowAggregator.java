package io.sluice.processor.window;

import io.sluice.processor.RowCollector;
import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.processor.plan.OutputMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A window aggregator runs the per-batch logic of a windowed aggregation on top of a {@link
 * WindowStore}, with Structured Streaming's semantics:
 *
 * <ol>
 *   <li>{@link #newBatch} with the watermark in effect (computed at the end of the previous batch),
 *       then {@link PartialAggregation#add} per record: a record is late for each window that ends
 *       at or before that watermark, and counts in the others;
 *   <li>{@link #finish} with the watermark computed at the end of this batch: merges the batch into
 *       the stored windows (stored first, as they arrived first), decides what to emit and what to
 *       evict, and writes the store.
 * </ol>
 *
 * <p>Output modes: {@code append} emits a window once, in the batch after which the watermark
 * reaches its end, and deletes it; {@code update} emits the windows the batch changed and deletes
 * the windows the watermark closed; {@code complete} emits every window every batch and never
 * deletes (nothing is late for it).
 *
 * <p>Session windows: a record is late when its own window {@code [t, t + gap)} ends at or before
 * the watermark in effect; otherwise it joins, extends or bridges its group's sessions. In update
 * mode a session that grows or merges is emitted again under its new bounds; the rows emitted
 * earlier for the sessions it replaced are retracted only when the plan {@link
 * AggregationPlan#retractsMerged() says so} (Structured Streaming has no retractions; Kafka Streams
 * forwards them): each as a {@link Retraction} of the row emitted for it, just before the new row.
 *
 * <p>Sliding windows whose aggregates all subtract exactly ({@link AggregationPlan#panesApply()})
 * are kept as panes: a record is added to one pane rather than to each of its windows, state is
 * stored per pane, and a window's row is computed from its panes when emitted ({@link
 * PaneWindows}). The rows, late records and evictions are the same as window by window ({@link
 * #perWindow} keeps that path for comparison); what the store holds, and the batch stats' counts of
 * written and deleted states, are of panes.
 *
 * <p>Without a window ({@link WindowSpec.Global}) a group's one state is never closed by the
 * watermark: nothing is late and nothing is evicted.
 *
 * <p>Instances are immutable and may be shared; batches are used by one thread.
 */
public final class WindowAggregator {
    private final AggregationPlan plan;
    private final AccumulatorCodec accumulators;
    private final WindowStateCodec stateCodec;
    private final OutputRows outputRows;
    private final PaneWindows panes; // null: windows are kept one by one

    /** An aggregator for {@code plan}, keeping sliding windows as panes where that applies. */
    public WindowAggregator(AggregationPlan plan) {
        this(plan, plan.panesApply());
    }

    private WindowAggregator(AggregationPlan plan, boolean usePanes) {
        this.plan = plan;
        this.accumulators = new AccumulatorCodec(plan.functions());
        this.stateCodec = new WindowStateCodec(plan, accumulators);
        this.outputRows = new OutputRows(plan);
        this.panes =
                usePanes
                        ? new PaneWindows(
                                plan,
                                new PaneGrid((WindowSpec.Sliding) plan.window()),
                                accumulators)
                        : null;
    }

    /**
     * An aggregator for {@code plan} that keeps every window's state on its own, even where panes
     * apply: the reference the pane path is tested and measured against. Its state is not
     * interchangeable with that of {@link #WindowAggregator(AggregationPlan)}.
     */
    public static WindowAggregator perWindow(AggregationPlan plan) {
        return new WindowAggregator(plan, false);
    }

    /** Whether this aggregator keeps sliding windows as panes. */
    public boolean usesPanes() {
        return panes != null;
    }

    /** The plan. */
    public AggregationPlan plan() {
        return plan;
    }

    /** The schema of the rows {@link #finish} emits. */
    public Schema outputSchema() {
        return plan.outputSchema();
    }

    /** The codec of this plan's window states, for stores that keep bytes. */
    public WindowStateCodec stateCodec() {
        return stateCodec;
    }

    /** Starts pre-aggregating a batch that runs with the watermark {@code watermarkMs}. */
    public PartialAggregation newBatch(long watermarkMs) {
        return new PartialAggregation(
                plan, panes == null ? null : panes.grid(), accumulators, watermarkMs);
    }

    /**
     * Ends {@code batch}: merges it into {@code store}, emits result rows to {@code out} as the
     * output mode says, with {@code watermarkMs} the watermark computed at the end of this batch
     * (at least the one the batch ran with), and deletes the windows it closes.
     *
     * <p>Every write goes through {@code store}, so an engine that holds them until its transaction
     * commits, and drops them on abort, keeps state and output together.
     */
    public BatchStats finish(
            PartialAggregation batch, WindowStore store, long watermarkMs, RowCollector out) {
        if (watermarkMs < batch.watermarkMs()) {
            throw new IllegalArgumentException(
                    "the watermark moved backwards from "
                            + batch.watermarkMs()
                            + " to "
                            + watermarkMs
                            + "; pass the watermark computed at the end of this batch");
        }
        if (panes != null) {
            return panes.finish(batch, store, watermarkMs, out);
        }
        Settlement settlement = new Settlement(store, watermarkMs, out);
        for (Map.Entry<GroupKey, WindowSlots> entry : batch.slots().entrySet()) {
            if (plan.isSession()) {
                finishSessions(entry.getKey(), entry.getValue(), settlement);
            } else {
                finishWindows(entry.getKey(), entry.getValue(), settlement);
            }
        }
        if (plan.outputMode() == OutputMode.COMPLETE) {
            for (WindowState state : store.all()) {
                if (!settlement.handled.contains(state.key())) {
                    settlement.emit(state);
                }
            }
        } else if (plan.closesWindows()) {
            for (WindowState state : store.expired(watermarkMs)) {
                settlement.evict(state);
            }
        }
        return new BatchStats(settlement.emitted, settlement.written, settlement.deleted);
    }

    private void finishWindows(GroupKey group, WindowSlots slots, Settlement settlement) {
        for (int i = 0; i < slots.size(); i++) {
            WindowKey key = new WindowKey(group, slots.start(i));
            Optional<WindowState> stored = settlement.store.get(key);
            Accumulator[] state = slots.accumulators(i);
            if (stored.isPresent()) {
                AccumulatorCodec.merge(stored.get().accumulators(), state);
                state = stored.get().accumulators();
            }
            TimeWindow window = new TimeWindow(slots.start(i), slots.end(i));
            settlement.settle(
                    new WindowState(group, window, state),
                    stored.isPresent() ? List.of(key) : List.of());
        }
    }

    private void finishSessions(GroupKey group, WindowSlots slots, Settlement settlement) {
        List<WindowState> stored = settlement.store.sessions(group);
        // the rows emitted for the stored sessions, taken before a merge changes their accumulators
        Map<Long, Emitted> emitted = plan.retractsMerged() ? emitted(stored) : Map.of();
        for (SessionResolution.Changed changed : SessionResolution.resolve(group, stored, slots)) {
            GenericRecord replacement = null;
            for (WindowKey part : changed.storedParts()) {
                Emitted before = emitted.get(part.startMs());
                if (before != null && !before.window.equals(changed.state().window())) {
                    if (replacement == null) {
                        replacement = outputRows.row(changed.state());
                    }
                    settlement.retract(before.row, replacement);
                }
            }
            settlement.settle(changed.state(), changed.storedParts());
        }
    }

    private Map<Long, Emitted> emitted(List<WindowState> stored) {
        Map<Long, Emitted> rows = new HashMap<>();
        for (WindowState state : stored) {
            rows.put(state.startMs(), new Emitted(state.window(), outputRows.row(state)));
        }
        return rows;
    }

    /** The row last emitted for a stored session, with the session's bounds. */
    private record Emitted(TimeWindow window, GenericRecord row) {}

    /** A settlement applies one batch's outcome to the store and the output, and counts it. */
    private final class Settlement {
        final WindowStore store;
        final long watermarkMs;
        final RowCollector out;
        final Set<WindowKey> handled = new HashSet<>();
        long emitted;
        long written;
        long deleted;

        Settlement(WindowStore store, long watermarkMs, RowCollector out) {
            this.store = store;
            this.watermarkMs = watermarkMs;
            this.out = out;
        }

        /**
         * Applies a window the batch changed, made of {@code storedParts} (stored windows it merges
         * and replaces) and the batch's records.
         */
        void settle(WindowState state, List<WindowKey> storedParts) {
            handled.addAll(storedParts);
            handled.add(state.key());
            OutputMode mode = plan.outputMode();
            boolean closes = plan.closesWindows() && state.endMs() <= watermarkMs;
            if (mode != OutputMode.APPEND || closes) {
                emit(state);
            }
            for (WindowKey part : storedParts) {
                if (closes || part.startMs() != state.startMs()) {
                    store.delete(part);
                    deleted++;
                }
            }
            if (!closes) {
                store.put(state);
                written++;
            }
        }

        /** Evicts a stored window the watermark closed, emitting it first in append mode. */
        void evict(WindowState state) {
            if (!handled.add(state.key())) {
                return;
            }
            if (plan.outputMode() == OutputMode.APPEND) {
                emit(state);
            }
            store.delete(state.key());
            deleted++;
        }

        void emit(WindowState state) {
            out.collect(outputRows.row(state));
            emitted++;
        }

        /** Withdraws {@code row}, emitted for a session that {@code replacement}'s replaced. */
        void retract(GenericRecord row, GenericRecord replacement) {
            out.collect(Retraction.of(row, replacement));
            emitted++;
        }
    }
}
