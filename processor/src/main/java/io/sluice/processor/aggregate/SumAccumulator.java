package io.sluice.processor.aggregate;

/**
 * A sum accumulator adds numbers and counts how many were not null, so that the sum of no values is
 * null and subtracting every value brings that back.
 *
 * <p>Three kinds keep the sum in the result type: {@link LongSum} for ints and longs (exact, an
 * overflow is an error), {@link DoubleSum} for floats and doubles, {@link DecimalSum} for decimals.
 */
abstract sealed class SumAccumulator extends InvertibleAccumulator
        permits LongSum, DoubleSum, DecimalSum {
    /** How many non-null values the sum holds. */
    long count;

    /** The sum as a double, for avg; only meaningful when {@link #count} is positive. */
    abstract double doubleValue();
}
