package io.sluice.processor.expr;

import io.sluice.processor.expr.FunctionRegistry.Definition;
import java.util.ArrayList;
import java.util.List;

/** Conditional functions: coalesce and nullif. */
final class ConditionalFunctions {

    private ConditionalFunctions() {}

    static List<Definition> definitions() {
        return List.of(
                Definition.of("coalesce", ConditionalFunctions::coalesce),
                Definition.of("nullif", ConditionalFunctions::nullIf));
    }

    private static Node coalesce(Call call) {
        call.arity(1, Integer.MAX_VALUE);
        List<SqlType> types = call.args().stream().map(a -> a.type).toList();
        SqlType type = Coercion.common(types);
        if (type == null) {
            throw call.error(
                    "coalesce() needs arguments of one type, got "
                            + types.stream().map(SqlType::toString).toList());
        }
        List<Node> args = new ArrayList<>();
        for (Node arg : call.args()) {
            args.add(Cast.of(arg, type));
        }
        return new FunctionNodes.Coalesce(type, args);
    }

    /**
     * {@code nullif(a, b)}: NULL when a equals b, else a; that is CASE WHEN a = b THEN NULL ELSE a
     * END.
     */
    private static Node nullIf(Call call) {
        call.arity(2, 2);
        Node value = call.arg(0);
        Node equal = Operators.compare(Comparison.Op.EQ, value, call.arg(1), call.site());
        return new CaseWhen(List.of(equal), List.of(Literal.nullOf(value.type)), value);
    }
}
