package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * An accumulator is the running state of one aggregate function over the values of one group: it
 * takes values one at a time, merges with other accumulators of the same function, and yields the
 * function's result.
 *
 * <p>Null values are ignored, as in SQL. Accumulators are mutable and used by one thread at a time;
 * {@link AggregateFunction#newAccumulator()} and {@link AggregateFunction#fromBytes} make them.
 */
public abstract sealed class Accumulator
        permits InvertibleAccumulator,
                ExtremeAccumulator,
                FirstAccumulator,
                LastAccumulator,
                CollectListAccumulator,
                CountDistinctAccumulator,
                StringAggAccumulator {

    Accumulator() {}

    /**
     * Adds one value, in row conventions for the function's argument type; null is ignored.
     *
     * @throws ArithmeticException when a sum leaves the range of its result type
     */
    public abstract void add(Object value);

    /**
     * Adds everything {@code later} holds, as if its values had been added to this one after this
     * one's own (which is what first and last look at); {@code later} is left unchanged.
     *
     * @throws IllegalArgumentException when {@code later} belongs to another function
     */
    public abstract void merge(Accumulator later);

    /**
     * The result over the values added so far, in row conventions for {@link
     * AggregateFunction#resultSchema()}; a fresh value the accumulator does not change afterwards.
     */
    public abstract Object result();

    /** Writes the state without a version byte; {@link AggregateFunction#read} reads it back. */
    abstract void write(Encoder out) throws IOException;

    /** {@code other} as an accumulator of this one's class, or an error naming both. */
    final <T extends Accumulator> T same(Class<T> type, Accumulator other) {
        if (!type.isInstance(other)) {
            throw new IllegalArgumentException(
                    "cannot combine a "
                            + getClass().getSimpleName()
                            + " with a "
                            + other.getClass().getSimpleName()
                            + "; accumulators combine only with those of the same function");
        }
        return type.cast(other);
    }

    /** Reads a count written by {@link Encoder#writeLong} and checks it is not negative. */
    static long readCount(Decoder in) throws IOException {
        long count = in.readLong();
        if (count < 0) {
            throw new IOException("negative count " + count + " in accumulator bytes");
        }
        return count;
    }
}
