package io.sluice.processor.expr;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.select.AllColumns;

/**
 * An aggregate call is a call of an aggregate function ({@code sum(TotalValue)}, {@code count(*)},
 * {@code count(DISTINCT x)}) found in an expression, for the aggregation compiler.
 *
 * @param name the function's name in lower case, such as {@code sum}
 * @param call the call as JSqlParser parsed it
 */
public record AggregateCall(String name, Function call) {

    /** The argument expressions; empty for {@code count(*)} and calls without arguments. */
    public List<Expression> arguments() {
        if (call.getParameters() == null || isStar()) {
            return List.of();
        }
        return List.copyOf(call.getParameters());
    }

    /** Whether the call is {@code name(*)}. */
    public boolean isStar() {
        return call.isAllColumns()
                || call.getParameters() != null
                        && call.getParameters().size() == 1
                        && call.getParameters().get(0) instanceof AllColumns;
    }

    /** Whether the call is {@code name(DISTINCT ...)}. */
    public boolean isDistinct() {
        return call.isDistinct();
    }

    /** The text of the call. */
    public String sql() {
        return call.toString();
    }
}
