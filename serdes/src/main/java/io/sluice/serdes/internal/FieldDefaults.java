package io.sluice.serdes.internal;

import io.sluice.serdes.Rows;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Field defaults hold what a record's fields get when the input does not give them: the field's
 * default, else null when the field is nullable, else a "missing required field" failure.
 */
public final class FieldDefaults {

    private final String[] names;
    private final boolean[] nullable;
    private final boolean[] hasDefault;
    private final Object[] defaults;

    /** Computes the defaults of a record schema's fields once. */
    public FieldDefaults(Schema record) {
        List<Schema.Field> fields = record.getFields();
        int n = fields.size();
        names = new String[n];
        nullable = new boolean[n];
        hasDefault = new boolean[n];
        defaults = new Object[n];
        for (int i = 0; i < n; i++) {
            Schema.Field field = fields.get(i);
            names[i] = field.name();
            nullable[i] = field.schema().isNullable();
            hasDefault[i] = field.hasDefaultValue();
            defaults[i] = Rows.defaultValue(field);
        }
    }

    /** Whether field {@code i} accepts null. */
    public boolean nullable(int i) {
        return nullable[i];
    }

    /** Whether field {@code i} has a default value. */
    public boolean hasDefault(int i) {
        return hasDefault[i];
    }

    /**
     * The value of an absent field: its default (a fresh copy when mutable), else null if the field
     * is nullable.
     *
     * @throws FieldFailure when the field is required
     */
    public Object absentValue(int i) {
        if (hasDefault[i]) {
            Object value = defaults[i];
            return Rows.isImmutable(value) ? value : Rows.normalize(value);
        }
        if (nullable[i]) {
            return null;
        }
        throw new FieldFailure("missing required field '" + names[i] + "'");
    }

    /** Sets every field whose bit is clear in {@code seen} to its absent value. */
    public void fillAbsent(GenericData.Record row, long[] seen) {
        for (int i = 0; i < names.length; i++) {
            if ((seen[i >>> 6] & (1L << i)) == 0) {
                row.put(i, absentValue(i));
            }
        }
    }
}
