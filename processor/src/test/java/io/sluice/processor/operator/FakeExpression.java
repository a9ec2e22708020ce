package io.sluice.processor.operator;

import io.sluice.processor.expr.CompiledExpression;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** A compiled expression made of a Java function, so operators are tested on their own. */
final class FakeExpression implements CompiledExpression {
    private final String sql;
    private final Schema type;
    private final Function<GenericRecord, Object> function;

    private FakeExpression(String sql, Schema type, Function<GenericRecord, Object> function) {
        this.sql = sql;
        this.type = type;
        this.function = function;
    }

    static FakeExpression of(String sql, Schema type, Function<GenericRecord, Object> function) {
        return new FakeExpression(sql, type, function);
    }

    /** The expression that reads one column, typed as the column. */
    static FakeExpression column(Schema input, String name) {
        Schema.Field field = input.getField(name);
        return new FakeExpression(name, field.schema(), row -> row.get(field.pos()));
    }

    @Override
    public Object evaluate(GenericRecord row) {
        return function.apply(row);
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
