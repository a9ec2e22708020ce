package io.sluice.processor.stateful;

import io.sluice.processor.expr.CompiledExpression;
import java.util.BitSet;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A column read is the expression that is just one column of the rows, bound to its position: a key
 * column of a stateful step that names columns rather than computing them.
 *
 * @param name the column's name
 * @param position its position in the row schema
 * @param resultSchema its schema
 */
record ColumnRead(String name, int position, Schema resultSchema) implements CompiledExpression {

    ColumnRead {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resultSchema, "resultSchema");
    }

    /** The column {@code field} of its record schema. */
    static ColumnRead of(Schema.Field field) {
        return new ColumnRead(field.name(), field.pos(), field.schema());
    }

    @Override
    public Object evaluate(GenericRecord row) {
        return row.get(position);
    }

    @Override
    public BitSet columnsRead() {
        BitSet read = new BitSet();
        read.set(position);
        return read;
    }

    @Override
    public String sql() {
        return name;
    }
}
