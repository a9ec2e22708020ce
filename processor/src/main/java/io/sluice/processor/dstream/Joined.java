package io.sluice.processor.dstream;

import java.io.Serializable;

/**
 * The value of a joined record: a value of the left stream and one of the right stream with the
 * same key. Outer joins make the side that may have no value an {@link java.util.Optional}, empty
 * when the key has no record on that side.
 *
 * @param left the left stream's value
 * @param right the right stream's value
 */
public record Joined<V, W>(V left, W right) implements Serializable {

    /** The value as {@code (left,right)}, the way {@code print} shows it. */
    @Override
    public String toString() {
        return "(" + left + "," + right + ")";
    }
}
