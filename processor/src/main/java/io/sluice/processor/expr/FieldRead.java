package io.sluice.processor.expr;

import java.util.Arrays;
import org.apache.avro.generic.GenericRecord;

/**
 * A field read yields the value of a column, or of a field nested in records ({@code a.b.c}), found
 * by field positions fixed at compile time; NULL when a record on the way is NULL.
 *
 * <p>Text that is not a {@link String} (Avro's {@code Utf8}) is read as a String.
 */
final class FieldRead extends Node {
    private final int first;
    private final int[] rest;
    private final boolean text;

    FieldRead(int[] positions, SqlType type, boolean nullable) {
        super(type, nullable);
        this.first = positions[0];
        this.rest = Arrays.copyOfRange(positions, 1, positions.length);
        this.text = type.kind() == SqlType.Kind.STRING;
    }

    /** The position of the top-level column it reads. */
    int column() {
        return first;
    }

    @Override
    Object eval(GenericRecord row) {
        Object value = row.get(first);
        for (int position : rest) {
            if (value == null) {
                return null;
            }
            value = ((GenericRecord) value).get(position);
        }
        if (text && value != null && !(value instanceof String)) {
            return value.toString();
        }
        return value;
    }
}
