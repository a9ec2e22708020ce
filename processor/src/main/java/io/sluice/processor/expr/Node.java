package io.sluice.processor.expr;

import org.apache.avro.generic.GenericRecord;

/**
 * A node is one evaluator in a compiled expression tree: it computes its value from a row and the
 * values of its children, with types and field positions fixed at compile time.
 *
 * <p>{@link #eval} works for every node and returns null for SQL NULL. The primitive variants
 * {@link #evalLong} and {@link #evalDouble} exist so that numeric and comparison nodes avoid boxing
 * intermediate values: a parent calls them only on a child that is not {@link #nullable} and whose
 * type is long-backed (int, long, timestamp, date) or numeric, respectively. Numeric nodes override
 * them; the defaults unbox {@link #eval}.
 */
abstract class Node {
    final SqlType type;
    final boolean nullable;

    Node(SqlType type, boolean nullable) {
        this.type = type;
        this.nullable = nullable;
    }

    /** The value on {@code row} in row conventions, or null for SQL NULL. */
    abstract Object eval(GenericRecord row);

    /** The value as a long; only for non-nullable nodes of a long-backed type. */
    long evalLong(GenericRecord row) {
        return ((Number) eval(row)).longValue();
    }

    /** The value as a double; only for non-nullable nodes of a numeric type. */
    double evalDouble(GenericRecord row) {
        return ((Number) eval(row)).doubleValue();
    }

    /** Whether the value does not depend on the row, so the compiler may compute it once. */
    boolean isConstant() {
        return false;
    }

    /** {@code value} boxed as this node's type holds it: Integer for int and date, else Long. */
    final Object boxLong(long value) {
        return type.boxesAsInteger() ? (Object) Integer.valueOf((int) value) : Long.valueOf(value);
    }

    /** {@code value} boxed as this node's type holds it: Float for float, else Double. */
    final Object boxDouble(double value) {
        return type.kind() == SqlType.Kind.FLOAT
                ? (Object) Float.valueOf((float) value)
                : Double.valueOf(value);
    }
}
