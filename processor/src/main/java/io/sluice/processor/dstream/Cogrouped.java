package io.sluice.processor.dstream;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value of a cogrouped record: all of one key's values in the left stream's batch and all of
 * them in the right stream's, each in record order; one of the lists may be empty, not both.
 *
 * @param left the left stream's values, immutable; may hold null values
 * @param right the right stream's values, immutable; may hold null values
 */
public record Cogrouped<V, W>(List<V> left, List<W> right) implements Serializable {

    public Cogrouped {
        // List.copyOf would refuse null values, which the streams' records may carry
        left = Collections.unmodifiableList(new ArrayList<>(left));
        right = Collections.unmodifiableList(new ArrayList<>(right));
    }

    /** The value as {@code ([left values],[right values])}, the way {@code print} shows it. */
    @Override
    public String toString() {
        return "(" + left + "," + right + ")";
    }
}
