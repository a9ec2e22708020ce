package io.sluice.processor.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;

/**
 * Aggregates knows the names of aggregate functions and finds their calls in an expression, for the
 * aggregation compiler; the expression compiler itself refuses them.
 */
final class Aggregates {
    /** The aggregate function names, lower case. */
    static final Set<String> NAMES =
            Set.of(
                    "sum",
                    "count",
                    "avg",
                    "min",
                    "max",
                    "first",
                    "last",
                    "collect_list",
                    "count_distinct",
                    "string_agg",
                    "listagg");

    private Aggregates() {}

    static boolean isAggregate(String name) {
        return name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The outermost aggregate calls in {@code expression}, in the order they are written. */
    static List<AggregateCall> find(Expression expression) {
        List<AggregateCall> calls = new ArrayList<>();
        expression.accept(
                new ExpressionVisitorAdapter<Void>() {
                    @Override
                    public <S> Void visit(Function function, S context) {
                        if (isAggregate(function.getName())) {
                            calls.add(
                                    new AggregateCall(
                                            function.getName().toLowerCase(Locale.ROOT), function));
                            return null;
                        }
                        return super.visit(function, context);
                    }
                },
                null);
        return calls;
    }
}
