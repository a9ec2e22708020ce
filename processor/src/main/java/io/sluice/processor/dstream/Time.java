package io.sluice.processor.dstream;

import java.io.Serializable;
import java.time.Duration;

/**
 * A batch time: milliseconds of the context's clock at which a batch is due. Batch times are the
 * context's zero time plus a whole number of batch intervals.
 *
 * @param milliseconds milliseconds since the epoch of the context's clock
 */
public record Time(long milliseconds) implements Comparable<Time>, Serializable {

    /** The time {@code milliseconds} after the clock's epoch. */
    public static Time ofMillis(long milliseconds) {
        return new Time(milliseconds);
    }

    /** This time plus {@code duration}. */
    public Time plus(Duration duration) {
        return new Time(milliseconds + duration.toMillis());
    }

    /** This time minus {@code duration}. */
    public Time minus(Duration duration) {
        return new Time(milliseconds - duration.toMillis());
    }

    /** Whether this time is before {@code other}. */
    public boolean isBefore(Time other) {
        return milliseconds < other.milliseconds;
    }

    /** Whether this time is after {@code other}. */
    public boolean isAfter(Time other) {
        return milliseconds > other.milliseconds;
    }

    /**
     * The latest time at or before this one that is {@code zero} plus a multiple of {@code step}.
     */
    Time floor(Duration step, Time zero) {
        long stepMs = step.toMillis();
        return new Time(
                zero.milliseconds
                        + Math.floorDiv(milliseconds - zero.milliseconds, stepMs) * stepMs);
    }

    @Override
    public int compareTo(Time other) {
        return Long.compare(milliseconds, other.milliseconds);
    }

    /** The time as Spark prints it, e.g. {@code 2000 ms}. */
    @Override
    public String toString() {
        return milliseconds + " ms";
    }
}
