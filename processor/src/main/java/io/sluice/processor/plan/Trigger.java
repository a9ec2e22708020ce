package io.sluice.processor.plan;

import java.time.Duration;
import java.util.Objects;

/** When batches run. */
public sealed interface Trigger {

    /**
     * The least time between two batch starts; zero runs batches back to back. The batch schedule
     * keeps to it, and the consumer's fetches wait for it at the broker.
     */
    Duration floorBetweenBatches();

    /**
     * The next batch starts as soon as the previous one committed and there is input, but no sooner
     * than {@code minInterval} after the previous one started. Under a slow input batches are small
     * and commit in a few milliseconds; the interval bounds how many transactions a second it costs
     * (each is a few requests for the instance and the broker) for an added latency of at most the
     * interval. Zero runs batches back to back.
     */
    record AsFastAsPossible(Duration minInterval) implements Trigger {
        /** The default: at most 40 batches a second. */
        public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(25);

        public AsFastAsPossible {
            Objects.requireNonNull(minInterval, "minInterval");
            if (minInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "a minimum interval must not be negative, got " + minInterval);
            }
        }

        /** With the default minimum interval. */
        public AsFastAsPossible() {
            this(DEFAULT_MIN_INTERVAL);
        }

        @Override
        public Duration floorBetweenBatches() {
            return minInterval;
        }
    }

    /** A batch starts every {@code interval} (if there is input); a slow batch delays the next. */
    record Interval(Duration interval) implements Trigger {
        public Interval {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException(
                        "a trigger interval must be positive, got " + interval);
            }
        }

        @Override
        public Duration floorBetweenBatches() {
            return interval;
        }
    }

    /** Process what is in the topics at start, in as many batches as it takes, then stop. */
    record AvailableNow() implements Trigger {
        /** Its backlog is read back to back. */
        @Override
        public Duration floorBetweenBatches() {
            return Duration.ZERO;
        }
    }
}
