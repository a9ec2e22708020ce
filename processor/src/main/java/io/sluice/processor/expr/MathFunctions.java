package io.sluice.processor.expr;

import io.sluice.processor.expr.FunctionRegistry.Definition;
import io.sluice.processor.expr.SqlType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Math functions: abs, round, floor, ceil (ceiling), greatest and least.
 *
 * <p>round rounds half away from zero, as SQL does, not half to even. floor and ceil of a float or
 * double give a long; of a decimal, a decimal with scale 0.
 */
final class MathFunctions {

    private MathFunctions() {}

    static List<Definition> definitions() {
        return List.of(
                Definition.of("abs", MathFunctions::abs),
                Definition.of("round", MathFunctions::round),
                Definition.of("floor", c -> floorOrCeil(c, RoundingMode.FLOOR)),
                Definition.of("ceil", c -> floorOrCeil(c, RoundingMode.CEILING)),
                Definition.of("ceiling", c -> floorOrCeil(c, RoundingMode.CEILING)),
                Definition.of("greatest", c -> extremum(c, true)),
                Definition.of("least", c -> extremum(c, false)));
    }

    private static Node abs(Call call) {
        call.arity(1, 1);
        Node x = call.numeric(0);
        if (x.type.isIntegral()) {
            return new FunctionNodes.LongToLong(x.type, x, v -> exact(x.type, Math.abs(v), v));
        }
        if (x.type.isFloating()) {
            return new FunctionNodes.DoubleToDouble(x.type, x, Math::abs);
        }
        return FunctionNodes.strict(x.type, x, v -> ((BigDecimal) v).abs());
    }

    /** {@code result}, checked to be in the range of {@code type} (abs of the minimum is not). */
    private static long exact(SqlType type, long result, long input) {
        boolean fits =
                type.boxesAsInteger() ? result >= 0 && result <= Integer.MAX_VALUE : result >= 0;
        if (!fits) {
            throw EvaluationException.withOperands(type + " overflow", "abs(" + input + ")");
        }
        return result;
    }

    private static Node round(Call call) {
        call.arity(1, 2);
        Node x = call.numeric(0);
        int digits = call.size() == 2 ? call.literalInt(1, "the number of decimal places") : 0;
        if (x.type.isIntegral()) {
            if (digits >= 0) {
                return x;
            }
            return new FunctionNodes.LongToLong(x.type, x, v -> roundIntegral(x.type, v, digits));
        }
        if (x.type.isFloating()) {
            return new FunctionNodes.DoubleToDouble(SqlType.DOUBLE, x, v -> roundDouble(v, digits));
        }
        int scale = Math.max(0, Math.min(digits, x.type.scale()));
        SqlType type = Coercion.bounded(x.type.precision() - x.type.scale() + scale + 1, scale);
        return FunctionNodes.strict(
                type,
                x,
                v ->
                        Conversions.fit(
                                ((BigDecimal) v).setScale(digits, RoundingMode.HALF_UP),
                                type.precision(),
                                type.scale()));
    }

    private static long roundIntegral(SqlType type, long value, int digits) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP);
        try {
            long result = rounded.longValueExact();
            if (type.boxesAsInteger() && (int) result != result) {
                throw new ArithmeticException();
            }
            return result;
        } catch (ArithmeticException e) {
            throw EvaluationException.withOperands(
                    type + " overflow", "round(" + value + ", " + digits + ")");
        }
    }

    private static double roundDouble(double value, int digits) {
        if (!Double.isFinite(value)) {
            return value;
        }
        return BigDecimal.valueOf(value).setScale(digits, RoundingMode.HALF_UP).doubleValue();
    }

    private static Node floorOrCeil(Call call, RoundingMode mode) {
        call.arity(1, 1);
        Node x = call.numeric(0);
        if (x.type.isIntegral()) {
            return x;
        }
        if (x.type.isFloating()) {
            return new FunctionNodes.DoubleToLong(
                    x, v -> toLong(mode == RoundingMode.FLOOR ? Math.floor(v) : Math.ceil(v), v));
        }
        SqlType type = Coercion.bounded(x.type.precision() - x.type.scale() + 1, 0);
        return FunctionNodes.strict(type, x, v -> ((BigDecimal) v).setScale(0, mode));
    }

    private static long toLong(double rounded, double input) {
        if (Double.isNaN(rounded) || rounded >= 0x1p63 || rounded < -0x1p63) {
            throw EvaluationException.of("value out of range for long", input);
        }
        return (long) rounded;
    }

    private static Node extremum(Call call, boolean greatest) {
        call.arity(2, Integer.MAX_VALUE);
        List<SqlType> types = call.args().stream().map(a -> a.type).toList();
        SqlType type = Coercion.common(types);
        if (type == null || !Coercion.isOrdered(type)) {
            throw call.error(
                    call.name()
                            + "() needs arguments of one ordered type, got "
                            + types.stream().map(SqlType::toString).toList());
        }
        if (type.kind() == Kind.ENUM) {
            type = SqlType.STRING;
        }
        List<Node> args = new ArrayList<>();
        for (Node arg : call.args()) {
            args.add(Cast.of(arg, type));
        }
        return new FunctionNodes.Extremum(type, args, greatest);
    }
}
