package io.sluice.processor.window;

import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Session resolution merges one group's sessions from a batch into its stored sessions: the
 * sessions that changed, each with the stored sessions it replaces.
 *
 * <p>When sessions merge, accumulators combine stored ones first, then the batch's (the batch
 * arrived after everything stored), each in order of session start; so first and last give the same
 * answer whether a bridging record came in the same batch as the sessions it joins or a later one.
 */
final class SessionResolution {

    /** A session the batch changed, and the stored sessions (keys) it is made of. */
    record Changed(WindowState state, List<WindowKey> storedParts) {}

    private SessionResolution() {}

    /**
     * Merges {@code batch} (the group's sessions of this batch, sorted and disjoint) into {@code
     * stored} (the group's stored sessions, disjoint, any order).
     */
    static List<Changed> resolve(GroupKey group, List<WindowState> stored, WindowSlots batch) {
        List<WindowState> sorted = new ArrayList<>(stored);
        sorted.sort(Comparator.comparingLong(WindowState::startMs));
        List<Changed> changed = new ArrayList<>();
        int nextStored = 0;
        int nextBatch = 0;
        while (nextBatch < batch.size()) {
            // A span starts at the earliest unconsumed session and grows while the next one,
            // stored or from the batch, starts at or before its end.
            boolean storedFirst =
                    nextStored < sorted.size()
                            && sorted.get(nextStored).startMs() <= batch.start(nextBatch);
            long start = storedFirst ? sorted.get(nextStored).startMs() : batch.start(nextBatch);
            long end = start;
            int storedFrom = nextStored;
            int batchFrom = nextBatch;
            boolean grew = true;
            while (grew) {
                grew = false;
                if (nextStored < sorted.size() && sorted.get(nextStored).startMs() <= end) {
                    end = Math.max(end, sorted.get(nextStored).endMs());
                    nextStored++;
                    grew = true;
                }
                if (nextBatch < batch.size() && batch.start(nextBatch) <= end) {
                    end = Math.max(end, batch.end(nextBatch));
                    nextBatch++;
                    grew = true;
                }
            }
            if (nextBatch == batchFrom) {
                // Only stored sessions: the batch did not touch this one.
                continue;
            }
            changed.add(
                    merge(
                            group,
                            new TimeWindow(start, end),
                            sorted.subList(storedFrom, nextStored),
                            batch,
                            batchFrom,
                            nextBatch));
        }
        return changed;
    }

    /** The session {@code window} made of the stored and batch sessions given, merged. */
    private static Changed merge(
            GroupKey group,
            TimeWindow window,
            List<WindowState> stored,
            WindowSlots batch,
            int batchFrom,
            int batchUntil) {
        List<WindowKey> parts = new ArrayList<>(stored.size());
        Accumulator[] state = null;
        for (WindowState part : stored) {
            parts.add(part.key());
            state = fold(state, part.accumulators());
        }
        for (int i = batchFrom; i < batchUntil; i++) {
            state = fold(state, batch.accumulators(i));
        }
        return new Changed(new WindowState(group, window, state), parts);
    }

    private static Accumulator[] fold(Accumulator[] state, Accumulator[] next) {
        if (state == null) {
            return next;
        }
        AccumulatorCodec.merge(state, next);
        return state;
    }
}
