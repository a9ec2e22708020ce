package io.sluice.processor.operator;

import io.sluice.processor.expr.CompiledExpression;
import java.util.BitSet;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** A compiled expression made of a Java function, so operators are tested on their own. */
final class FakeExpression implements CompiledExpression {
    private final String sql;
    private final Schema type;
    private final Function<GenericRecord, Object> function;
    private final BitSet columnsRead;

    private FakeExpression(
            String sql, Schema type, Function<GenericRecord, Object> function, BitSet columnsRead) {
        this.sql = sql;
        this.type = type;
        this.function = function;
        this.columnsRead = columnsRead;
    }

    /** An expression of a function, which reads columns this fake cannot name: none, it says. */
    static FakeExpression of(String sql, Schema type, Function<GenericRecord, Object> function) {
        return new FakeExpression(sql, type, function, new BitSet());
    }

    /** The expression that reads one column, typed as the column. */
    static FakeExpression column(Schema input, String name) {
        Schema.Field field = input.getField(name);
        BitSet read = new BitSet();
        read.set(field.pos());
        return new FakeExpression(name, field.schema(), row -> row.get(field.pos()), read);
    }

    @Override
    public Object evaluate(GenericRecord row) {
        return function.apply(row);
    }

    @Override
    public BitSet columnsRead() {
        return (BitSet) columnsRead.clone();
    }

    @Override
    public Schema resultSchema() {
        return type;
    }

    @Override
    public String sql() {
        return sql;
    }
}
