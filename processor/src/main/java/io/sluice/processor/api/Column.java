package io.sluice.processor.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A column of a step: a SQL expression over the rows the step reads, and the name of the column it
 * makes. {@code col("StoreID")} is a column as it is; {@code expr("TotalValue * 0.2").as("Points")}
 * computes one.
 *
 * @param expression the SQL expression, as in a pipeline file
 * @param name the output column's name; empty until {@link #as} gives one (a plain column is named
 *     after itself)
 */
public record Column(String expression, Optional<String> name) {

    public Column {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(name, "name");
    }

    /** The column named {@code name}, as it is. */
    public static Column col(String name) {
        return new Column(name, Optional.of(name));
    }

    /** A SQL expression, such as {@code "sum(TotalValue)"}; name it with {@link #as}. */
    public static Column expr(String expression) {
        return new Column(expression, Optional.empty());
    }

    /** This expression under the name {@code name}. */
    public Column as(String name) {
        return new Column(expression, Optional.of(name));
    }

    /** Whether the column is a source column taken as it is, under its own name. */
    boolean isPlain() {
        return name.isPresent() && name.get().equals(expression.trim());
    }

    /**
     * The name; {@code step} and {@code index} say where a missing one was needed.
     *
     * @throws IllegalArgumentException when the column has no name
     */
    String requireName(String step, int index) {
        return name.orElseThrow(
                () ->
                        new IllegalArgumentException(
                                String.format(
                                        "%s column %d, %s, has no name; expected"
                                                + " expr(\"%s\").as(\"Name\")",
                                        step, index, expression, expression)));
    }
}
