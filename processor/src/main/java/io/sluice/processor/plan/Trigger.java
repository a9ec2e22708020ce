package io.sluice.processor.plan;

import java.time.Duration;
import java.util.Objects;

/** When batches run. */
public sealed interface Trigger {

    /** The next batch starts as soon as the previous one committed and there is input. */
    record AsFastAsPossible() implements Trigger {}

    /** A batch starts every {@code interval} (if there is input); a slow batch delays the next. */
    record Interval(Duration interval) implements Trigger {
        public Interval {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException(
                        "a trigger interval must be positive, got " + interval);
            }
        }
    }

    /** Process what is in the topics at start, in as many batches as it takes, then stop. */
    record AvailableNow() implements Trigger {}
}
