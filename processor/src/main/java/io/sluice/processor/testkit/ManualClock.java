package io.sluice.processor.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until moved by hand: processing time for deterministic tests. */
public final class ManualClock extends Clock {

    private Instant now;

    /** A clock at the epoch. */
    public ManualClock() {
        this(Instant.EPOCH);
    }

    /** A clock at {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /**
     * Moves the clock forward by {@code duration}.
     *
     * @throws IllegalArgumentException when {@code duration} is negative: time never goes back
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(
                    String.format("the clock only moves forward; got %s", duration));
        }
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock: it has no zone of its own to change. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
