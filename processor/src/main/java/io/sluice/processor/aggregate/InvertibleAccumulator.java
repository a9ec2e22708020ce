package io.sluice.processor.aggregate;

/**
 * An invertible accumulator can take back what another accumulator added: count, sum and avg, so
 * that a sliding window can be computed from panes by adding the newest pane and subtracting the
 * oldest.
 */
public abstract sealed class InvertibleAccumulator extends Accumulator
        permits CountAccumulator, SumAccumulator, AvgAccumulator {

    InvertibleAccumulator() {}

    /**
     * Removes what {@code earlier} holds, which must have been merged into (or added to) this
     * accumulator before; {@code earlier} is left unchanged. After subtracting everything, the
     * result is that of an empty accumulator again (a sum of nothing is null).
     *
     * @throws IllegalArgumentException when {@code earlier} belongs to another function
     */
    public abstract void subtract(Accumulator earlier);
}
