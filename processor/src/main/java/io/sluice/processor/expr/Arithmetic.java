package io.sluice.processor.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.avro.generic.GenericRecord;

/**
 * Arithmetic holds the evaluators of {@code + - * / %} and unary minus, one per representation:
 * integers in a long, floating point in a double, decimals in a BigDecimal.
 *
 * <p>Integer arithmetic is exact: an overflow of the result type and a division or remainder by
 * zero are evaluation errors. Floating point follows IEEE 754 (x / 0.0 is Infinity or NaN). Decimal
 * results are rounded half up to the scale of their type.
 */
final class Arithmetic {

    private Arithmetic() {}

    /** A binary arithmetic operator. */
    enum Op {
        ADD("+"),
        SUBTRACT("-"),
        MULTIPLY("*"),
        DIVIDE("/"),
        MODULO("%");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        long apply(long a, long b) {
            switch (this) {
                case ADD:
                    return Math.addExact(a, b);
                case SUBTRACT:
                    return Math.subtractExact(a, b);
                case MULTIPLY:
                    return Math.multiplyExact(a, b);
                case DIVIDE:
                    requireNonZero(b);
                    if (a == Long.MIN_VALUE && b == -1) {
                        throw new ArithmeticException("long overflow");
                    }
                    return a / b;
                default:
                    requireNonZero(b);
                    return a % b;
            }
        }

        double apply(double a, double b) {
            switch (this) {
                case ADD:
                    return a + b;
                case SUBTRACT:
                    return a - b;
                case MULTIPLY:
                    return a * b;
                case DIVIDE:
                    return a / b;
                default:
                    return a % b;
            }
        }

        BigDecimal apply(BigDecimal a, BigDecimal b, int scale) {
            switch (this) {
                case ADD:
                    return a.add(b);
                case SUBTRACT:
                    return a.subtract(b);
                case MULTIPLY:
                    return a.multiply(b);
                case DIVIDE:
                    requireNonZero(b.signum());
                    return a.divide(b, scale, RoundingMode.HALF_UP);
                default:
                    requireNonZero(b.signum());
                    return a.remainder(b);
            }
        }

        private static void requireNonZero(long divisor) {
            if (divisor == 0) {
                throw new ArithmeticException("division by zero");
            }
        }

        /** Whether {@code divisor} makes this operator fail as a division by zero. */
        boolean dividesBy(double divisor) {
            return (this == DIVIDE || this == MODULO) && divisor == 0;
        }
    }

    /** The evaluator of {@code left op right} for operands and result of {@code type}. */
    static Node of(Op op, Node left, Node right, SqlType type) {
        if (type.isIntegral()) {
            return new LongArithmetic(op, left, right, type);
        }
        if (type.kind() == SqlType.Kind.DECIMAL) {
            return new DecimalArithmetic(op, left, right, type);
        }
        return new DoubleArithmetic(op, left, right, type);
    }

    private static EvaluationException failure(SqlType type, Object a, Op op, Object b) {
        boolean byZero = op.dividesBy(((Number) b).doubleValue());
        return EvaluationException.withOperands(
                byZero ? "division by zero" : type + " overflow", a + " " + op.symbol + " " + b);
    }

    /** Integer arithmetic, computed in a long and checked against the range of int results. */
    static final class LongArithmetic extends Node {
        private final Op op;
        private final Node left;
        private final Node right;

        LongArithmetic(Op op, Node left, Node right, SqlType type) {
            super(type, left.nullable || right.nullable);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return boxLong(evalLong(row));
            }
            Object a = left.eval(row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(row);
            return b == null
                    ? null
                    : boxLong(apply(((Number) a).longValue(), ((Number) b).longValue()));
        }

        @Override
        long evalLong(GenericRecord row) {
            return apply(left.evalLong(row), right.evalLong(row));
        }

        private long apply(long a, long b) {
            long result;
            try {
                result = op.apply(a, b);
            } catch (ArithmeticException e) {
                throw failure(type, a, op, b);
            }
            if (type.boxesAsInteger() && (int) result != result) {
                throw failure(type, a, op, b);
            }
            return result;
        }
    }

    /** Floating-point arithmetic in doubles. */
    static final class DoubleArithmetic extends Node {
        private final Op op;
        private final Node left;
        private final Node right;

        DoubleArithmetic(Op op, Node left, Node right, SqlType type) {
            super(type, left.nullable || right.nullable);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(GenericRecord row) {
            if (!nullable) {
                return evalDouble(row);
            }
            Object a = left.eval(row);
            if (a == null) {
                return null;
            }
            Object b = right.eval(row);
            return b == null
                    ? null
                    : (Object) op.apply(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }

        @Override
        double evalDouble(GenericRecord row) {
            return op.apply(left.evalDouble(row), right.evalDouble(row));
        }
    }

    /** Decimal arithmetic, rounded half up to the scale of the result type. */
    static final class DecimalArithmetic extends Node {
        private final Op op;
        private final Node left;
        private final Node right;

        DecimalArithmetic(Op op, Node left, Node right, SqlType type) {
            super(type, left.nullable || right.nullable);
            this.op = op;
            this.left = left;
            this.right = right;
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
            BigDecimal x = Conversions.toBigDecimal(a);
            BigDecimal y = Conversions.toBigDecimal(b);
            try {
                return Conversions.fit(
                        op.apply(x, y, type.scale()), type.precision(), type.scale());
            } catch (ArithmeticException e) {
                throw failure(type, x, op, y);
            }
        }
    }

    /** Unary minus. */
    static final class Negate extends Node {
        private final Node child;

        Negate(Node child) {
            super(child.type, child.nullable);
            this.child = child;
        }

        @Override
        Object eval(GenericRecord row) {
            Object value = child.eval(row);
            if (value == null) {
                return null;
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.negate();
            }
            if (type.isIntegral()) {
                return boxLong(negate(((Number) value).longValue()));
            }
            return boxDouble(-((Number) value).doubleValue());
        }

        @Override
        long evalLong(GenericRecord row) {
            return negate(child.evalLong(row));
        }

        @Override
        double evalDouble(GenericRecord row) {
            return -child.evalDouble(row);
        }

        private long negate(long value) {
            if (value == Long.MIN_VALUE || type.boxesAsInteger() && value == Integer.MIN_VALUE) {
                throw EvaluationException.withOperands(type + " overflow", "-(" + value + ")");
            }
            return -value;
        }
    }
}
