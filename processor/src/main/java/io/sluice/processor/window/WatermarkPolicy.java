package io.sluice.processor.window;

import java.time.Duration;
import java.util.Objects;

/**
 * A watermark policy says how a task's watermark follows event time: how late records may be, when
 * a silent partition stops holding the watermark back, and whether the watermark moves on with the
 * wall clock once every partition is silent.
 *
 * @param delay the allowed delay: a partition's watermark is its largest event time minus this
 * @param idleTimeout how long (processing time) a partition may deliver nothing before it is idle
 *     and no longer holds the task's watermark back
 * @param advanceWhenQuiet whether, once every partition is idle, the watermark advances by the
 *     wall-clock time that passes (so windows of a topic that went quiet still close); off by
 *     default, as records that arrive later may then be late
 */
public record WatermarkPolicy(Duration delay, Duration idleTimeout, boolean advanceWhenQuiet) {
    public WatermarkPolicy {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (delay.isNegative()) {
            throw new IllegalArgumentException(
                    "the watermark delay must not be negative, got " + delay);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "the idle timeout must be positive, got " + idleTimeout);
        }
    }

    /**
     * A policy with {@code delay} and {@code idleTimeout} that does not advance on quiet topics.
     */
    public static WatermarkPolicy of(Duration delay, Duration idleTimeout) {
        return new WatermarkPolicy(delay, idleTimeout, false);
    }

    /** This policy, advancing the watermark with the wall clock once every partition is idle. */
    public WatermarkPolicy withAdvanceWhenQuiet() {
        return new WatermarkPolicy(delay, idleTimeout, true);
    }
}
