package io.sluice.processor.expr;

import io.sluice.serdes.Schemas;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.expression.Expression;
import org.apache.avro.Schema;

/**
 * The expression compiler turns SQL expressions ({@code TotalValue * 0.2}, {@code CustomerType =
 * 'PRIME'}, {@code upper(City) LIKE 'MUM%'}) into evaluators bound to the field positions of an
 * input schema: the text is parsed, type-checked and resolved once, so evaluating a row does no
 * parsing and no name look-up.
 *
 * <p>The syntax, functions, types and NULL rules are described in {@code docs/expressions.md}. All
 * methods are thread-safe; compiled expressions are immutable.
 */
public final class ExpressionCompiler {

    private ExpressionCompiler() {}

    /**
     * Compiles {@code sql} for rows of {@code inputSchema}.
     *
     * @throws ExpressionException when the text is not a valid expression for the schema: bad
     *     syntax, an unknown column or function, operand types that do not fit, an aggregate
     *     function
     */
    public static CompiledExpression compile(String sql, Schema inputSchema) {
        return compile(sql, parse(sql), inputSchema);
    }

    /**
     * Compiles an expression already parsed by {@link #parse} (such as an argument of an aggregate
     * call) for rows of {@code inputSchema}; its text is JSqlParser's rendering.
     *
     * @throws ExpressionException as {@link #compile(String, Schema)} does
     */
    public static CompiledExpression compile(Expression expression, Schema inputSchema) {
        return compile(expression.toString(), expression, inputSchema);
    }

    private static CompiledTree compile(String sql, Expression expression, Schema inputSchema) {
        Objects.requireNonNull(inputSchema, "inputSchema");
        if (inputSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "expressions are compiled for record schemas, got " + inputSchema.getType());
        }
        Translator translator = new Translator(sql, inputSchema);
        Node root = translator.translate(expression);
        return new CompiledTree(sql, root, translator.columnsRead());
    }

    /**
     * Compiles {@code sql}, which must be boolean, as a filter: rows for which it is NULL do not
     * pass.
     *
     * @throws ExpressionException as {@link #compile(String, Schema)} does, and when the expression
     *     is not boolean
     */
    public static RowPredicate compilePredicate(String sql, Schema inputSchema) {
        CompiledTree tree = compile(sql, parse(sql), inputSchema);
        Schema type = Schemas.nonNull(tree.resultSchema());
        if (type.getType() != Schema.Type.BOOLEAN && type.getType() != Schema.Type.NULL) {
            throw new ExpressionException(
                    sql,
                    "expected a boolean condition but the expression is "
                            + SqlType.fromAvro(tree.resultSchema()),
                    null,
                    "write a condition such as CustomerType = 'PRIME'");
        }
        return tree;
    }

    /**
     * Parses {@code sql} without compiling it, for callers that look at its structure (such as the
     * aggregation compiler).
     *
     * @throws ExpressionException when the text is not valid SQL expression syntax
     */
    public static Expression parse(String sql) {
        return Parser.parse(sql);
    }

    /**
     * The outermost calls of aggregate functions in {@code expression}, in the order they are
     * written; their arguments are not searched, so {@code sum(count(x))} gives one call.
     */
    public static List<AggregateCall> aggregateCalls(Expression expression) {
        return Aggregates.find(expression);
    }

    /**
     * Whether {@code name}, in any case, is an aggregate function: sum, count, avg, min, max,
     * first, last, collect_list, count_distinct, string_agg or listagg.
     */
    public static boolean isAggregateFunction(String name) {
        return Aggregates.isAggregate(name);
    }
}
