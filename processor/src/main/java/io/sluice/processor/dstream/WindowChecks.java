package io.sluice.processor.dstream;

import java.time.Duration;

/** The checks of a window's length and slide against the stream it windows. */
final class WindowChecks {

    private WindowChecks() {}

    /**
     * {@code slide}, once it and {@code length} are known to be positive multiples of the parent's
     * slide (the batch interval, for a stream that is not windowed).
     *
     * @throws IllegalArgumentException naming the value and the interval it must be a multiple of
     */
    static Duration slide(StreamNode<?> parent, Duration length, Duration slide) {
        multiple("window length", length, parent.slideDuration());
        multiple("window slide", slide, parent.slideDuration());
        return slide;
    }

    private static void multiple(String what, Duration value, Duration interval) {
        Checks.argument(
                value.toNanos() > 0 && value.toNanos() % interval.toNanos() == 0,
                "%s %s must be a positive multiple of the batch interval %s (the slide of the"
                        + " stream it windows)",
                what,
                value,
                interval);
    }
}
