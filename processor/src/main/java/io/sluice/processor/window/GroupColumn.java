package io.sluice.processor.window;

import io.sluice.processor.expr.CompiledExpression;
import java.util.Objects;

/**
 * A group column is one group-by column of an aggregation: the name of its output column and the
 * expression that computes it from an input row (usually a plain column).
 */
public record GroupColumn(String name, CompiledExpression expression) {
    public GroupColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
    }
}
