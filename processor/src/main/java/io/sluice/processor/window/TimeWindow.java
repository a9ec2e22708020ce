package io.sluice.processor.window;

/**
 * A time window is the half-open event-time interval {@code [startMs, endMs)}, in epoch
 * milliseconds.
 */
public record TimeWindow(long startMs, long endMs) {
    public TimeWindow {
        if (endMs <= startMs) {
            throw new IllegalArgumentException(
                    "a window must end after it starts, got [" + startMs + ", " + endMs + ")");
        }
    }

    /**
     * Whether this window and {@code other} overlap or touch, so that as sessions they merge
     * (Structured Streaming merges sessions whose start is at most the other's end).
     */
    public boolean mergesWith(TimeWindow other) {
        return startMs <= other.endMs && other.startMs <= endMs;
    }

    /** The smallest window covering this one and {@code other}. */
    public TimeWindow span(TimeWindow other) {
        return new TimeWindow(Math.min(startMs, other.startMs), Math.max(endMs, other.endMs));
    }
}
