package io.sluice.processor.window;

import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import java.util.Arrays;

/**
 * Window slots are the windows of one group, sorted by start in parallel arrays: start, end and
 * accumulators. Fixed windows are found by start; sessions are merged as they grow.
 *
 * <p>Records mostly arrive in event-time order, so the newest window is checked before a binary
 * search, and inserting usually appends.
 */
final class WindowSlots {
    private static final int INITIAL_CAPACITY = 4;

    private long[] starts = new long[INITIAL_CAPACITY];
    private long[] ends = new long[INITIAL_CAPACITY];
    private Accumulator[][] accumulators = new Accumulator[INITIAL_CAPACITY][];
    private int size;

    int size() {
        return size;
    }

    long start(int index) {
        return starts[index];
    }

    long end(int index) {
        return ends[index];
    }

    Accumulator[] accumulators(int index) {
        return accumulators[index];
    }

    /** The index of the window starting at {@code start}, created empty when it is not there. */
    int getOrCreate(long start, long end, AccumulatorCodec codec) {
        if (size > 0 && starts[size - 1] == start) {
            return size - 1;
        }
        int found = Arrays.binarySearch(starts, 0, size, start);
        if (found >= 0) {
            return found;
        }
        int at = -found - 1;
        insert(at, start, end, codec.newAccumulators());
        return at;
    }

    /**
     * Puts the window {@code [start, end)} holding {@code state} at its place by start, replacing a
     * window with the same start.
     */
    void put(long start, long end, Accumulator[] state) {
        int found =
                size == 0 || starts[size - 1] < start
                        ? -size - 1
                        : Arrays.binarySearch(starts, 0, size, start);
        if (found >= 0) {
            ends[found] = end;
            accumulators[found] = state;
        } else {
            insert(-found - 1, start, end, state);
        }
    }

    /**
     * Adds a record's session window {@code [start, end)}, merging it with every session it
     * overlaps or touches, and returns the index of the resulting session, to which the caller then
     * adds the record's values. Merged accumulators combine in order of session start.
     */
    int mergeSession(long start, long end, AccumulatorCodec codec) {
        int lo = firstEndingAtOrAfter(start);
        int hi = lastStartingAtOrBefore(end);
        if (lo > hi) {
            insert(lo, start, end, codec.newAccumulators());
            return lo;
        }
        for (int i = lo + 1; i <= hi; i++) {
            AccumulatorCodec.merge(accumulators[lo], accumulators[i]);
        }
        starts[lo] = Math.min(starts[lo], start);
        ends[lo] = Math.max(ends[hi], end);
        remove(lo + 1, hi + 1);
        return lo;
    }

    /** The first index whose session ends at or after {@code time}; {@code size} when none. */
    private int firstEndingAtOrAfter(long time) {
        // Sessions are disjoint and sorted by start, so their ends are sorted too.
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The last index whose window starts at or before {@code time}; -1 when none. */
    private int lastStartingAtOrBefore(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (starts[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low - 1;
    }

    private void insert(int at, long start, long end, Accumulator[] state) {
        if (size == starts.length) {
            int capacity = size * 2;
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
            accumulators = Arrays.copyOf(accumulators, capacity);
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(ends, at, ends, at + 1, size - at);
        System.arraycopy(accumulators, at, accumulators, at + 1, size - at);
        starts[at] = start;
        ends[at] = end;
        accumulators[at] = state;
        size++;
    }

    /** Removes the slots {@code from} (inclusive) to {@code until} (exclusive). */
    private void remove(int from, int until) {
        int removed = until - from;
        if (removed == 0) {
            return;
        }
        System.arraycopy(starts, until, starts, from, size - until);
        System.arraycopy(ends, until, ends, from, size - until);
        System.arraycopy(accumulators, until, accumulators, from, size - until);
        for (int i = size - removed; i < size; i++) {
            accumulators[i] = null;
        }
        size -= removed;
    }
}
