package io.sluice.processor.aggregate;

import io.sluice.processor.expr.CompiledExpression;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * A compiled aggregate is one output column of an aggregation step: its name, its aggregate
 * function and the compiled expression of the function's argument (none for {@code count(*)}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CompiledAggregate {
    /** What {@code count(*)} counts: any non-null value will do. */
    private static final Object ROW = Boolean.TRUE;

    private final String outputName;
    private final String sql;
    private final AggregateFunction function;
    private final CompiledExpression argument;

    /**
     * An aggregate of {@code function} over {@code argument}; the argument must be empty exactly
     * when the function is {@code count(*)}.
     */
    public CompiledAggregate(
            String outputName,
            String sql,
            AggregateFunction function,
            Optional<CompiledExpression> argument) {
        this.outputName = Objects.requireNonNull(outputName, "outputName");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.function = Objects.requireNonNull(function, "function");
        this.argument = argument.orElse(null);
        boolean countAll = function.kind() == AggregateFunction.Kind.COUNT_ALL;
        if (countAll == argument.isPresent()) {
            throw new IllegalArgumentException(
                    function + " " + (countAll ? "takes no" : "needs an") + " argument expression");
        }
    }

    /** The name of the output column. */
    public String outputName() {
        return outputName;
    }

    /** The aggregate expression as written, such as {@code sum(TotalValue)}. */
    public String sql() {
        return sql;
    }

    /** The aggregate function, bound to the argument's schema. */
    public AggregateFunction function() {
        return function;
    }

    /** The compiled argument; empty for {@code count(*)}. */
    public Optional<CompiledExpression> argument() {
        return Optional.ofNullable(argument);
    }

    /**
     * The value to add to this aggregate's accumulator for {@code row}: the argument's value, or a
     * non-null marker for {@code count(*)}.
     *
     * @throws io.sluice.processor.expr.EvaluationException when the argument cannot be computed for
     *     this row
     */
    public Object argumentValue(GenericRecord row) {
        return argument == null ? ROW : argument.evaluate(row);
    }

    @Override
    public String toString() {
        return outputName + " = " + sql;
    }
}
