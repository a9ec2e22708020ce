package io.sluice.processor.expr;

import io.sluice.processor.expr.SqlType.Kind;
import org.apache.avro.generic.GenericRecord;

/**
 * A cast converts its child's value to another type, explicitly (CAST) or as an implicit widening.
 */
final class Cast extends Node {
    /** How the primitive paths may skip the boxed conversion. */
    private enum Shortcut {
        NONE,
        /** Both types are long-backed and the value does not change. */
        SAME_LONG,
        /** Date to timestamp: days times the millis of a day. */
        DAYS_TO_MILLIS,
        /** A numeric value read as a double. */
        SAME_DOUBLE
    }

    private final Node child;
    private final Conversions.Converter converter;
    private final Shortcut shortcut;

    private Cast(Node child, SqlType target, Conversions.Converter converter) {
        super(target, child.nullable);
        this.child = child;
        this.converter = converter;
        this.shortcut = shortcut(child.type, target);
    }

    /**
     * {@code child} converted to {@code target}, or {@code child} itself when it already has that
     * type; null when no conversion exists.
     */
    static Node of(Node child, SqlType target) {
        if (child.type.equals(target)) {
            return child;
        }
        if (child.type.kind() == Kind.NULL) {
            return Literal.nullOf(target);
        }
        Conversions.Converter converter = Conversions.of(child.type, target);
        return converter == null ? null : new Cast(child, target, converter);
    }

    private static Shortcut shortcut(SqlType from, SqlType to) {
        if (from.kind() == Kind.DATE && to.kind() == Kind.TIMESTAMP) {
            return Shortcut.DAYS_TO_MILLIS;
        }
        boolean narrowing = to.boxesAsInteger() && !from.boxesAsInteger();
        boolean changesUnit = from.kind() == Kind.TIMESTAMP && to.kind() == Kind.DATE;
        if (from.isLongBacked() && to.isLongBacked() && !narrowing && !changesUnit) {
            return Shortcut.SAME_LONG;
        }
        if (from.isNumeric() && to.kind() == Kind.DOUBLE) {
            return Shortcut.SAME_DOUBLE;
        }
        return Shortcut.NONE;
    }

    @Override
    Object eval(GenericRecord row) {
        Object value = child.eval(row);
        return value == null ? null : converter.convert(value);
    }

    @Override
    long evalLong(GenericRecord row) {
        switch (shortcut) {
            case SAME_LONG:
                return child.evalLong(row);
            case DAYS_TO_MILLIS:
                return child.evalLong(row) * Timestamps.MILLIS_PER_DAY;
            default:
                return super.evalLong(row);
        }
    }

    @Override
    double evalDouble(GenericRecord row) {
        return shortcut == Shortcut.SAME_DOUBLE ? child.evalDouble(row) : super.evalDouble(row);
    }
}
