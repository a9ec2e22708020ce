package io.sluice.processor.window;

import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.expr.CompiledExpression;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * A partial aggregation is one batch's records pre-aggregated in memory per group and window,
 * before they are merged with the stored state: the first step of a batch of a windowed
 * aggregation, made by {@link WindowAggregator#newBatch}. Sliding windows kept as panes (see {@link
 * PaneGrid}) are pre-aggregated per group and pane instead: a record goes into its one pane.
 *
 * <p>{@link #add} is the per-record hot path: it evaluates the group columns and aggregate
 * arguments into reused arrays, assigns windows into a reused {@code long[]} and looks the group up
 * with a reused probe key, so it allocates only when a group or window is new in the batch. Not
 * thread-safe.
 */
public final class PartialAggregation {
    private final WindowSpec window;
    private final boolean session;
    private final PaneGrid panes; // null: a record goes into each of its windows
    private final AccumulatorCodec codec;
    private final long watermarkMs;
    private final long lateAtOrBeforeMs;
    private final CompiledExpression[] groupBy;
    private final CompiledAggregate[] aggregates;
    private final GroupKey probe;
    private final Object[] arguments;
    private final long[] starts;
    private final int eventTimeGroup; // -1: windows come from the spec
    private final Map<GroupKey, WindowSlots> groups = new LinkedHashMap<>();

    PartialAggregation(
            AggregationPlan plan, PaneGrid panes, AccumulatorCodec codec, long watermarkMs) {
        this.window = plan.window();
        this.session = plan.isSession();
        this.panes = panes;
        this.codec = codec;
        this.watermarkMs = watermarkMs;
        // Complete mode and the global window keep every window, so nothing is late for them.
        this.lateAtOrBeforeMs = plan.closesWindows() ? watermarkMs : Long.MIN_VALUE;
        this.groupBy = new CompiledExpression[plan.groupBy().size()];
        for (int i = 0; i < groupBy.length; i++) {
            groupBy[i] = plan.groupBy().get(i).expression();
        }
        this.aggregates = plan.aggregates().toArray(new CompiledAggregate[0]);
        this.probe = GroupKey.probe(groupBy.length);
        this.arguments = new Object[aggregates.length];
        this.starts = new long[window.maxWindowsPerRecord()];
        this.eventTimeGroup = plan.eventTimeGroupIndex();
    }

    /**
     * Adds one record with event time {@code eventTimeMs} to each of its windows that has not ended
     * by the watermark in effect, and says whether it was late for any.
     *
     * <p>A record whose group columns or arguments cannot be evaluated throws before it changes
     * anything, so the engine can dead-letter it and go on.
     *
     * @throws io.sluice.processor.expr.EvaluationException when a group column or an aggregate
     *     argument cannot be computed for this row
     * @throws ArithmeticException when a sum leaves the range of its type
     */
    public Admission add(GenericRecord row, long eventTimeMs) {
        for (int i = 0; i < groupBy.length; i++) {
            probe.set(i, groupBy[i].evaluate(row));
        }
        for (int i = 0; i < aggregates.length; i++) {
            arguments[i] = aggregates[i].argumentValue(row);
        }
        if (panes != null) {
            return addToPane(eventTimeMs);
        }
        int count = windowStarts(eventTimeMs);
        WindowSlots slots = null;
        int counted = 0;
        for (int w = 0; w < count; w++) {
            long start = starts[w];
            long end = eventTimeGroup < 0 ? window.windowEnd(start) : start + 1;
            if (end <= lateAtOrBeforeMs) {
                continue;
            }
            if (slots == null) {
                slots = slotsOfProbe();
            }
            int at =
                    session
                            ? slots.mergeSession(start, end, codec)
                            : slots.getOrCreate(start, end, codec);
            Accumulator[] state = slots.accumulators(at);
            for (int i = 0; i < state.length; i++) {
                state[i].add(arguments[i]);
            }
            counted++;
        }
        if (counted == count) {
            return Admission.ON_TIME;
        }
        return counted == 0 ? Admission.LATE : Admission.PARTLY_LATE;
    }

    /**
     * Writes the starts of the record's windows into {@code starts}: the spec's, or for a group on
     * the watermarked column the group's one-millisecond window {@code [time - 1, time)}, with the
     * time read from the group column (the record's event time when it is NULL).
     */
    private int windowStarts(long eventTimeMs) {
        if (eventTimeGroup < 0) {
            return window.windowStarts(eventTimeMs, starts);
        }
        Object time = probe.get(eventTimeGroup);
        starts[0] = (time == null ? eventTimeMs : ((Number) time).longValue()) - 1;
        return 1;
    }

    /**
     * Adds the record to its pane when some window containing the pane is still open; the windows
     * of a pane are those of each of its records, so lateness is the same as window by window.
     */
    private Admission addToPane(long eventTimeMs) {
        long pane = panes.paneStart(eventTimeMs);
        if (panes.windowEnd(panes.lastWindow(pane)) <= lateAtOrBeforeMs) {
            return Admission.LATE;
        }
        WindowSlots slots = slotsOfProbe();
        Accumulator[] state =
                slots.accumulators(slots.getOrCreate(pane, pane + panes.paneMs(), codec));
        for (int i = 0; i < state.length; i++) {
            state[i].add(arguments[i]);
        }
        return panes.windowEnd(panes.firstWindow(pane)) <= lateAtOrBeforeMs
                ? Admission.PARTLY_LATE
                : Admission.ON_TIME;
    }

    /** The watermark in effect for this batch, as given to {@link WindowAggregator#newBatch}. */
    public long watermarkMs() {
        return watermarkMs;
    }

    /** Whether no record counted in any window. */
    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The groups with windows in this batch, in order of first appearance. */
    public Set<GroupKey> groups() {
        return Collections.unmodifiableSet(groups.keySet());
    }

    /**
     * The windows this batch touched (for fixed windows, the state keys to fetch in one multi-get
     * before {@link WindowAggregator#finish}; sessions are fetched per group); empty for panes,
     * which are read by range per group.
     */
    public List<WindowKey> windowKeys() {
        List<WindowKey> keys = new ArrayList<>();
        if (panes != null) {
            return keys;
        }
        for (Map.Entry<GroupKey, WindowSlots> entry : groups.entrySet()) {
            WindowSlots slots = entry.getValue();
            for (int i = 0; i < slots.size(); i++) {
                keys.add(new WindowKey(entry.getKey(), slots.start(i)));
            }
        }
        return keys;
    }

    /** The batch's windows per group. */
    Map<GroupKey, WindowSlots> slots() {
        return groups;
    }

    private WindowSlots slotsOfProbe() {
        probe.rehash();
        WindowSlots slots = groups.get(probe);
        if (slots == null) {
            slots = new WindowSlots();
            groups.put(probe.copy(), slots);
        }
        return slots;
    }
}
