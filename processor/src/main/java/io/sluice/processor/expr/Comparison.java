package io.sluice.processor.expr;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * Comparison holds the evaluators of {@code = <> < <= > >=} on two operands already converted to
 * one type: long-backed values compare as longs, floating point as doubles, text, booleans and
 * decimals through {@link Comparable}, and pass-through values (records, arrays) by equality.
 *
 * <p>A NULL operand makes the result NULL. Doubles compare so that {@code -0.0 = 0.0} and NaN
 * equals NaN and is greater than every other number.
 */
final class Comparison {

    private Comparison() {}

    /** A comparison operator. */
    enum Op {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(int order) {
            switch (this) {
                case EQ:
                    return order == 0;
                case NE:
                    return order != 0;
                case LT:
                    return order < 0;
                case LE:
                    return order <= 0;
                case GT:
                    return order > 0;
                default:
                    return order >= 0;
            }
        }

        boolean isEquality() {
            return this == EQ || this == NE;
        }
    }

    /** The evaluator of {@code left op right}, both of the same type. */
    static Node of(Op op, Node left, Node right) {
        SqlType type = left.type;
        if (type.isLongBacked()) {
            return new LongComparison(op, left, right);
        }
        if (type.isFloating()) {
            return new DoubleComparison(op, left, right);
        }
        return new ObjectComparison(op, left, right);
    }

    /** The order of two doubles: -0.0 equals 0.0, NaN equals itself and follows all numbers. */
    static int compare(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        return a == b ? 0 : Double.compare(a, b);
    }

    /** The order of two non-null values of one ordered, non-primitive type. */
    @SuppressWarnings("unchecked")
    static int compare(Object a, Object b) {
        return ((Comparable<Object>) a).compareTo(b);
    }

    private abstract static class Binary extends Node {
        final Op op;
        final Node left;
        final Node right;

        Binary(Op op, Node left, Node right) {
            super(SqlType.BOOLEAN, left.nullable || right.nullable);
            this.op = op;
            this.left = left;
            this.right = right;
        }
    }

    private static final class LongComparison extends Binary {
        LongComparison(Op op, Node left, Node right) {
            super(op, left, right);
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return op.test(Long.compare(left.evalLong(row), right.evalLong(row)));
            }
            Object a = left.eval(row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(row);
            return b == null
                    ? null
                    : (Object)
                            op.test(
                                    Long.compare(
                                            ((Number) a).longValue(), ((Number) b).longValue()));
        }
    }

    private static final class DoubleComparison extends Binary {
        DoubleComparison(Op op, Node left, Node right) {
            super(op, left, right);
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return op.test(compare(left.evalDouble(row), right.evalDouble(row)));
            }
            Object a = left.eval(row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(row);
            return b == null
                    ? null
                    : (Object)
                            op.test(
                                    compare(
                                            ((Number) a).doubleValue(),
                                            ((Number) b).doubleValue()));
        }
    }

    private static final class ObjectComparison extends Binary {
        private final boolean ordered;
        private final boolean textEquality;

        ObjectComparison(Op op, Node left, Node right) {
            super(op, left, right);
            this.ordered = Coercion.isOrdered(left.type);
            // equals() checks lengths first; decimals must not use it (1.0 equals 1.00).
            this.textEquality = op.isEquality() && left.type.kind() == SqlType.Kind.STRING;
        }

        @Override
        Object eval(GenericRecord row) {
            Object a = left.eval(row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(row);
            if (b == null) {
                return null;
            }
            if (ordered && !textEquality) {
                return op.test(compare(a, b));
            }
            return op.test(Objects.equals(a, b) ? 0 : 1);
        }
    }
}
