package io.sluice.processor.expr;

import org.apache.avro.generic.GenericRecord;

/** A literal is a constant value: written in the expression or computed once at compile time. */
final class Literal extends Node {
    final Object value;
    private final long longValue;
    private final double doubleValue;

    private Literal(SqlType type, Object value) {
        super(type, value == null);
        this.value = value;
        this.longValue = value instanceof Number n ? n.longValue() : 0;
        this.doubleValue = value instanceof Number n ? n.doubleValue() : 0;
    }

    /** The literal {@code value} of {@code type}; null makes a NULL of that type. */
    static Literal of(SqlType type, Object value) {
        return new Literal(type, value);
    }

    /** The NULL of {@code type}. */
    static Literal nullOf(SqlType type) {
        return new Literal(type, null);
    }

    @Override
    Object eval(GenericRecord row) {
        return value;
    }

    @Override
    long evalLong(GenericRecord row) {
        return longValue;
    }

    @Override
    double evalDouble(GenericRecord row) {
        return doubleValue;
    }

    @Override
    boolean isConstant() {
        return true;
    }
}
