package io.sluice.processor.window;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A group key is the values of a row's group-by columns, in order, compared by value; an
 * aggregation without group-by has the one empty key.
 *
 * <p>Keys handed out are immutable. Internally a single mutable probe per batch is refilled for
 * each record to look up its group without allocating; it never becomes a map key itself.
 */
public final class GroupKey {
    private final Object[] values;
    private int hash;

    private GroupKey(Object[] values) {
        this.values = values;
        rehash();
    }

    /** The key of these values, in group-by order; the array is copied. */
    public static GroupKey of(Object... values) {
        return new GroupKey(values.clone());
    }

    /** The key of these values, in group-by order. */
    public static GroupKey of(List<?> values) {
        return new GroupKey(values.toArray());
    }

    /** A probe of {@code size} values for {@link #set} and {@link #rehash}. */
    static GroupKey probe(int size) {
        return new GroupKey(new Object[size]);
    }

    /** The values, in group-by order. */
    public List<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** The number of values. */
    public int size() {
        return values.length;
    }

    /** The value at {@code index}. */
    public Object get(int index) {
        return values[index];
    }

    /** Sets a value of a probe; call {@link #rehash} after the last one. */
    void set(int index, Object value) {
        values[index] = value;
    }

    /** Recomputes the hash of a probe after {@link #set}. */
    void rehash() {
        int h = 1;
        for (Object value : values) {
            h = 31 * h + Objects.hashCode(value);
        }
        hash = h;
    }

    /** An immutable copy of this probe, to insert into a map. */
    GroupKey copy() {
        return new GroupKey(values.clone());
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof GroupKey key) || key.hash != hash) {
            return false;
        }
        return Arrays.equals(values, key.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
