package io.sluice.processor.stateful;

import io.sluice.processor.Durations;
import java.time.Duration;

/**
 * The event-time part of a stream-stream join's condition: which times of the other side a row can
 * meet, and so when a buffered row can meet nothing more.
 *
 * <p>Sides are {@link JoinInput#LEFT} and {@link JoinInput#RIGHT}. Times are epoch milliseconds.
 */
public sealed interface JoinCondition {

    /** The first time of the other side that a row of {@code side} at {@code timeMs} can meet. */
    long matchFromMs(int side, long timeMs);

    /** The time after the last one of the other side that the row can meet (exclusive). */
    long matchUntilMs(int side, long timeMs);

    /**
     * The latest time of the other side the row can meet: once the watermark is past it, the row
     * can meet no row that is not late, and leaves the state.
     */
    long lastChanceMs(int side, long timeMs);

    /** Whether rows ever leave the state. */
    boolean isBounded();

    /** What it says in a plan. */
    String describe();

    /** No time condition: rows meet whatever the times, and stay in the state for good. */
    record None() implements JoinCondition {
        @Override
        public long matchFromMs(int side, long timeMs) {
            return Long.MIN_VALUE;
        }

        @Override
        public long matchUntilMs(int side, long timeMs) {
            return Long.MAX_VALUE;
        }

        @Override
        public long lastChanceMs(int side, long timeMs) {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean isBounded() {
            return false;
        }

        @Override
        public String describe() {
            return "at any time (the state grows without bound)";
        }
    }

    /**
     * The right row's time minus the left row's is within {@code [lower, upper]}: {@code right.time
     * BETWEEN left.time + lower AND left.time + upper}.
     */
    record Between(Duration lower, Duration upper) implements JoinCondition {
        public Between {
            if (upper.compareTo(lower) < 0) {
                throw new IllegalArgumentException(
                        "the upper bound " + upper + " is below the lower bound " + lower);
            }
        }

        @Override
        public long matchFromMs(int side, long timeMs) {
            return side == JoinInput.LEFT ? timeMs + lower.toMillis() : timeMs - upper.toMillis();
        }

        @Override
        public long matchUntilMs(int side, long timeMs) {
            return side == JoinInput.LEFT
                    ? timeMs + upper.toMillis() + 1
                    : timeMs - lower.toMillis() + 1;
        }

        @Override
        public long lastChanceMs(int side, long timeMs) {
            return matchUntilMs(side, timeMs) - 1;
        }

        @Override
        public boolean isBounded() {
            return true;
        }

        @Override
        public String describe() {
            return "with the right time between the left time "
                    + offset(lower)
                    + " and "
                    + offset(upper);
        }
    }

    /** Both rows are in the same tumbling window of {@code size}, aligned to the epoch. */
    record SameWindow(Duration size) implements JoinCondition {
        public SameWindow {
            if (size.isZero() || size.isNegative()) {
                throw new IllegalArgumentException("a window size must be positive: " + size);
            }
        }

        @Override
        public long matchFromMs(int side, long timeMs) {
            return Math.floorDiv(timeMs, size.toMillis()) * size.toMillis();
        }

        @Override
        public long matchUntilMs(int side, long timeMs) {
            return matchFromMs(side, timeMs) + size.toMillis();
        }

        @Override
        public long lastChanceMs(int side, long timeMs) {
            return matchUntilMs(side, timeMs) - 1;
        }

        @Override
        public boolean isBounded() {
            return true;
        }

        @Override
        public String describe() {
            return "in the same " + Durations.text(size) + " window";
        }
    }

    /** A signed offset as a plan shows it: {@code + 1h}, {@code - 5m}. */
    private static String offset(Duration duration) {
        return duration.isNegative()
                ? "- " + Durations.text(duration.negated())
                : "+ " + Durations.text(duration);
    }
}
