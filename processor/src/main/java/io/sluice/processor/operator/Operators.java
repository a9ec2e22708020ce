package io.sluice.processor.operator;

import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.RowPredicate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Operators builds the stateless row operators from compiled expressions.
 *
 * <p>Every operator resolves its field positions and output schema here, once; the arguments must
 * already be valid (the pipeline-file compiler checks them first, to report errors with their
 * line), so a bad one is an {@link IllegalArgumentException}. Operators that build a new schema
 * name it {@code recordName}, a valid Avro name (see {@link #recordName}).
 */
public final class Operators {

    private Operators() {}

    /**
     * A named expression of a select.
     *
     * @param name the output column, a valid Avro field name
     * @param expression computes the column from the input row
     */
    public record Column(String name, CompiledExpression expression) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expression, "expression");
        }
    }

    /** Keeps the rows of {@code input} for which {@code predicate} holds. */
    public static RowOperator where(Schema input, String sql, RowPredicate predicate) {
        return new Where(input, sql, predicate);
    }

    /** Emits a new row per input row, with one column per expression, in order. */
    public static RowOperator select(String recordName, List<Column> columns) {
        return new Select(recordName, columns);
    }

    /** Adds a computed column last, or replaces the column of that name in its place. */
    public static RowOperator withColumn(
            Schema input, String recordName, String name, CompiledExpression expression) {
        return new WithColumn(input, recordName, name, expression);
    }

    /** Removes columns; every one must exist, and at least one column must remain. */
    public static RowOperator drop(Schema input, String recordName, Collection<String> columns) {
        return new Drop(input, recordName, columns);
    }

    /**
     * Emits one row per element of the array column {@code column}, the element in the array's
     * place under the name {@code as}; rows whose array is null or empty emit nothing.
     */
    public static RowOperator explode(Schema input, String recordName, String column, String as) {
        return new Explode(input, recordName, column, as);
    }

    /**
     * Converts rows of {@code input} to {@code target} by Avro's schema resolution.
     *
     * @throws IllegalArgumentException when Avro cannot resolve {@code input} to {@code target}
     */
    public static RowOperator conform(Schema input, Schema target) {
        return new Conform(input, target);
    }

    /**
     * The record name for the rows a pipeline's operators build: its name with every character that
     * Avro does not allow replaced by {@code _}, prefixed with {@code _} if it starts with a digit.
     */
    public static String recordName(String pipelineName) {
        StringBuilder name = new StringBuilder(pipelineName.length() + 1);
        for (int i = 0; i < pipelineName.length(); i++) {
            char c = pipelineName.charAt(i);
            boolean allowed =
                    c == '_'
                            || (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9');
            name.append(allowed ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }
}
