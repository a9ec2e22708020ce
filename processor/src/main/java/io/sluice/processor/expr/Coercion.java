package io.sluice.processor.expr;

import io.sluice.processor.expr.SqlType.Kind;
import java.util.List;

/**
 * Coercion holds the typing rules: which type two operands are brought to before they are combined
 * or compared, and the result type of arithmetic.
 *
 * <p>Numbers widen int, long, decimal, float, double; float and double meet in double; a decimal
 * meets an integer as a decimal wide enough for both. Enum symbols are text. Dates widen to
 * timestamps. NULL takes the type of the other side. Methods return null when there is no common
 * type; callers turn that into a compile error naming both types.
 */
final class Coercion {

    private Coercion() {}

    /** The type both of {@code a} and {@code b} convert to, or null when there is none. */
    static SqlType common(SqlType a, SqlType b) {
        if (a.kind() == Kind.NULL) {
            return b;
        }
        if (b.kind() == Kind.NULL) {
            return common(b, a);
        }
        if (a.equals(b)) {
            return a;
        }
        if (a.isNumeric() && b.isNumeric()) {
            return numeric(a, b);
        }
        if (a.isText() && b.isText()) {
            return SqlType.STRING;
        }
        if (isTime(a) && isTime(b)) {
            return SqlType.TIMESTAMP;
        }
        return null;
    }

    /** The common type of all of {@code types}, or null when some pair has none. */
    static SqlType common(List<SqlType> types) {
        SqlType result = SqlType.NULL;
        for (SqlType type : types) {
            result = common(result, type);
            if (result == null) {
                return null;
            }
        }
        return result;
    }

    private static boolean isTime(SqlType type) {
        return type.kind() == Kind.TIMESTAMP || type.kind() == Kind.DATE;
    }

    private static SqlType numeric(SqlType a, SqlType b) {
        if (a.kind() == Kind.DOUBLE || b.kind() == Kind.DOUBLE) {
            return SqlType.DOUBLE;
        }
        if (a.isFloating() || b.isFloating()) {
            return a.kind() == b.kind() ? SqlType.FLOAT : SqlType.DOUBLE;
        }
        if (a.kind() == Kind.DECIMAL || b.kind() == Kind.DECIMAL) {
            SqlType x = a.asDecimal();
            SqlType y = b.asDecimal();
            int scale = Math.max(x.scale(), y.scale());
            int whole = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
            return bounded(whole + scale, scale);
        }
        return a.kind() == Kind.LONG || b.kind() == Kind.LONG ? SqlType.LONG : SqlType.INT;
    }

    /**
     * The type two operands of a comparison are brought to, or null when they cannot be compared.
     * Timestamps and dates also compare with integers (epoch millis and days).
     */
    static SqlType comparison(SqlType a, SqlType b) {
        SqlType common = common(a, b);
        if (common != null) {
            return common.kind() == Kind.ENUM ? SqlType.STRING : common;
        }
        if (isTime(a) && b.isIntegral() || isTime(b) && a.isIntegral()) {
            return SqlType.LONG;
        }
        return null;
    }

    /** Whether values of {@code type} have an order, so {@code <} and friends apply. */
    static boolean isOrdered(SqlType type) {
        return !type.isOpaque();
    }

    /** The result type of {@code left op right} for two numeric types. */
    static SqlType arithmetic(Arithmetic.Op op, SqlType left, SqlType right) {
        SqlType common = numeric(left, right);
        if (common.kind() != Kind.DECIMAL) {
            return common.kind() == Kind.FLOAT ? SqlType.DOUBLE : common;
        }
        SqlType x = left.asDecimal();
        SqlType y = right.asDecimal();
        int p1 = x.precision();
        int s1 = x.scale();
        int p2 = y.precision();
        int s2 = y.scale();
        switch (op) {
            case ADD:
            case SUBTRACT:
                int scale = Math.max(s1, s2);
                return bounded(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
            case MULTIPLY:
                return bounded(p1 + p2 + 1, s1 + s2);
            case DIVIDE:
                int quotientScale = Math.max(6, s1 + p2 + 1);
                return bounded(p1 - s1 + s2 + quotientScale, quotientScale);
            default:
                int remainderScale = Math.max(s1, s2);
                return bounded(Math.min(p1 - s1, p2 - s2) + remainderScale, remainderScale);
        }
    }

    /**
     * A decimal type of at most {@link SqlType#MAX_PRECISION} digits: when there are more, the
     * scale gives way first, down to 6 digits, so the whole part keeps its digits.
     */
    static SqlType bounded(int precision, int scale) {
        if (precision <= SqlType.MAX_PRECISION) {
            return SqlType.decimal(Math.max(precision, 1), scale);
        }
        int whole = precision - scale;
        int kept = Math.max(SqlType.MAX_PRECISION - whole, Math.min(scale, 6));
        return SqlType.decimal(SqlType.MAX_PRECISION, Math.min(kept, SqlType.MAX_PRECISION));
    }
}
