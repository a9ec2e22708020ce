package io.sluice.processor.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A running total over the closed windows of the aggregation before it: {@code
 * RunningTotal.sum("TotalBuy").as("RTotalBuy")}, as a file's {@code running: {sum: {RTotalBuy:
 * TotalBuy}}}.
 *
 * <p>A file groups the columns by function, so the new columns come in that order: the columns of
 * the first function given, then those of the next.
 *
 * @param function sum, count, min, max or avg
 * @param expression a SQL expression over the aggregation's rows
 * @param name the new column's name, required
 */
public record RunningTotal(String function, String expression, Optional<String> name) {

    public RunningTotal {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(name, "name");
    }

    /** The running sum of {@code expression}. */
    public static RunningTotal sum(String expression) {
        return of("sum", expression);
    }

    /** The running count of the non-null values of {@code expression}. */
    public static RunningTotal count(String expression) {
        return of("count", expression);
    }

    /** The running minimum of {@code expression}. */
    public static RunningTotal min(String expression) {
        return of("min", expression);
    }

    /** The running maximum of {@code expression}. */
    public static RunningTotal max(String expression) {
        return of("max", expression);
    }

    /** The running average of {@code expression}. */
    public static RunningTotal avg(String expression) {
        return of("avg", expression);
    }

    private static RunningTotal of(String function, String expression) {
        return new RunningTotal(function, expression, Optional.empty());
    }

    /** This total as the column {@code name}. */
    public RunningTotal as(String name) {
        return new RunningTotal(function, expression, Optional.of(name));
    }
}
