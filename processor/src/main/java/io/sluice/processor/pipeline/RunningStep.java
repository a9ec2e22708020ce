package io.sluice.processor.pipeline;

import io.sluice.processor.aggregate.AggregateFunction;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.stateful.RunningOperator;
import io.sluice.processor.stateful.WindowOperator;
import io.sluice.processor.window.AggregationPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The running step, {@code - running: {sum: {RTotalBuy: TotalBuy}}}, right after a windowed
 * aggregation in append mode: cumulative aggregates per group over the closed windows, in window
 * order. It compiles into a {@link RunningOperator} around the aggregation's operator.
 */
final class RunningStep {
    static final String KIND = "running";

    private static final Map<String, AggregateFunction.Kind> FUNCTIONS = new LinkedHashMap<>();

    static {
        FUNCTIONS.put("sum", AggregateFunction.Kind.SUM);
        FUNCTIONS.put("count", AggregateFunction.Kind.COUNT);
        FUNCTIONS.put("min", AggregateFunction.Kind.MIN);
        FUNCTIONS.put("max", AggregateFunction.Kind.MAX);
        FUNCTIONS.put("avg", AggregateFunction.Kind.AVG);
    }

    private static final String EXPECTED =
            "a mapping of function ("
                    + String.join(", ", FUNCTIONS.keySet())
                    + ") to output columns, such as {sum: {RTotalBuy: TotalBuy}}";

    private RunningStep() {}

    /**
     * Compiles the step's value {@code node} over the rows of {@code window}, the aggregation right
     * before it.
     *
     * @param outputMode the pipeline's output mode, which must be append
     */
    static RunningOperator compile(
            YamlMapping step,
            YamlNode node,
            WindowOperator window,
            String recordName,
            OutputMode outputMode) {
        AggregationPlan plan = window.plan();
        if (outputMode != OutputMode.APPEND) {
            throw step.errorAtKey(
                    KIND,
                    "running totals add up closed windows, which are final only in append mode,"
                            + " and the output mode is "
                            + outputMode.name().toLowerCase()
                            + "; expected output: append");
        }
        Schema rows = plan.outputSchema();
        if (rows.getField(AggregationPlan.WINDOW_START) == null) {
            throw step.errorAtKey(
                    KIND,
                    "running totals follow windows in time, and the aggregation before has no "
                            + AggregationPlan.WINDOW_START
                            + "; expected a windowed aggregation");
        }
        YamlMapping functions = node.mapping(List.copyOf(FUNCTIONS.keySet()), EXPECTED);
        if (functions.entries().isEmpty()) {
            throw node.error("no running columns; expected " + EXPECTED);
        }
        Set<String> names = new HashSet<>();
        rows.getFields().forEach(f -> names.add(f.name()));
        List<CompiledAggregate> running = new ArrayList<>();
        for (YamlMapping.Entry function : functions.entries()) {
            YamlMapping columns =
                    function.value()
                            .anyMapping(
                                    "a mapping of output column to a column of the aggregation's"
                                            + " rows, such as {RTotalBuy: TotalBuy}");
            for (YamlMapping.Entry column : columns.entries()) {
                running.add(aggregate(columns, column, FUNCTIONS.get(function.key()), rows, names));
            }
        }
        return new RunningOperator(window, running, recordName);
    }

    private static CompiledAggregate aggregate(
            YamlMapping columns,
            YamlMapping.Entry column,
            AggregateFunction.Kind kind,
            Schema rows,
            Set<String> names) {
        String name = column.key();
        if (!Names.isValidField(name)) {
            throw columns.errorAtKey(
                    name,
                    "'" + name + "' is not a valid column name; expected " + Names.FIELD_EXPECTED);
        }
        if (!names.add(name)) {
            throw columns.errorAtKey(
                    name,
                    "column '"
                            + name
                            + "' exists already; expected a new name for the running column");
        }
        CompiledExpression argument = Expressions.compile(column.value(), rows);
        AggregateFunction function;
        try {
            function = AggregateFunction.of(kind, argument.resultSchema());
        } catch (IllegalArgumentException e) {
            throw column.value().error(e.getMessage());
        }
        String sql = kind.sqlName() + "(" + argument.sql().trim() + ")";
        return new CompiledAggregate(name, sql, function, Optional.of(argument));
    }
}
