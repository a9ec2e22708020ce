package io.sluice.processor.aggregate;

import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.expr.ExpressionException;
import io.sluice.serdes.Schemas;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import org.apache.avro.Schema;

/**
 * Joined collect compiles the aggregates that join a group's values into one text: {@code
 * string_agg(x, d)} and the Spark idioms {@code concat_ws(d, collect_list(x))} and {@code
 * array_join(collect_list(x), d [, nullReplacement])}, all into {@link
 * AggregateFunction.Kind#STRING_AGG}.
 */
final class JoinedCollect {

    private JoinedCollect() {}

    /**
     * The string-agg aggregate {@code parsed} is when it is {@code concat_ws(d, collect_list(x))}
     * or {@code array_join(collect_list(x), d [, r])}; empty for any other expression.
     */
    static Optional<CompiledAggregate> tryCompile(
            String outputName, String sql, Expression parsed, Schema input) {
        if (!(parsed instanceof Function function) || function.getName() == null) {
            return Optional.empty();
        }
        String name = function.getName().toLowerCase(Locale.ROOT);
        List<Expression> args =
                function.getParameters() == null
                        ? List.of()
                        : List.copyOf(function.getParameters());
        if (name.equals("concat_ws") && args.size() == 2 && isCollectList(args.get(1))) {
            String delimiter = delimiter(outputName, sql, name, args.get(0), input);
            return Optional.of(listAgg(outputName, sql, args.get(1), delimiter, input));
        }
        if (name.equals("array_join")
                && (args.size() == 2 || args.size() == 3)
                && isCollectList(args.get(0))) {
            String delimiter = delimiter(outputName, sql, name, args.get(1), input);
            if (args.size() == 3) {
                // Checked, not used: collect_list keeps no nulls to replace.
                delimiter(outputName, sql, name, args.get(2), input);
            }
            return Optional.of(listAgg(outputName, sql, args.get(0), delimiter, input));
        }
        return Optional.empty();
    }

    /**
     * The string-agg aggregate of {@code argument} (cast to text when it is not text) joined with
     * {@code delimiter}.
     */
    static CompiledAggregate stringAgg(
            String outputName,
            String sql,
            String name,
            Expression argument,
            String delimiter,
            Schema input) {
        CompiledExpression compiled =
                AggregateSpec.compileArgument(outputName, sql, name, argument, input);
        Schema type = Schemas.nonNull(compiled.resultSchema());
        if (type.getType() != Schema.Type.STRING && type.getType() != Schema.Type.NULL) {
            if (isOpaque(type)) {
                throw new AggregateException(
                        outputName,
                        sql,
                        name
                                + " joins text, numbers, booleans, dates and timestamps, got "
                                + AggregateTypes.describe(type),
                        null);
            }
            compiled = asText(outputName, sql, name, argument, input);
        }
        try {
            AggregateFunction function =
                    AggregateFunction.stringAgg(textSchema(compiled.resultSchema()), delimiter);
            return new CompiledAggregate(outputName, sql, function, Optional.of(compiled));
        } catch (IllegalArgumentException e) {
            throw new AggregateException(outputName, sql, e.getMessage(), e);
        }
    }

    /**
     * The text of the delimiter argument {@code argument} of {@code name}, which must be a string
     * literal; NULL is no delimiter, as in Spark's string_agg.
     */
    static String delimiter(
            String outputName, String sql, String name, Expression argument, Schema input) {
        if (argument instanceof NullValue) {
            return "";
        }
        if (!(argument instanceof StringValue)) {
            throw new AggregateException(
                    outputName,
                    sql,
                    "the delimiter of "
                            + name
                            + " must be a string literal such as ',', got "
                            + argument,
                    null);
        }
        try {
            return (String) ExpressionCompiler.compile(argument, input).evaluate(null);
        } catch (ExpressionException e) {
            throw new AggregateException(outputName, sql, e.getMessage(), e);
        }
    }

    private static CompiledAggregate listAgg(
            String outputName, String sql, Expression collect, String delimiter, Schema input) {
        Function call = (Function) collect;
        List<Expression> args =
                call.getParameters() == null ? List.of() : List.copyOf(call.getParameters());
        if (args.size() != 1 || call.isDistinct() || call.isAllColumns()) {
            throw new AggregateException(
                    outputName,
                    sql,
                    "collect_list takes one column or expression, got " + collect,
                    null);
        }
        return stringAgg(outputName, sql, "collect_list", args.get(0), delimiter, input);
    }

    private static boolean isCollectList(Expression expression) {
        return expression instanceof Function function
                && "collect_list".equalsIgnoreCase(function.getName());
    }

    private static boolean isOpaque(Schema type) {
        switch (type.getType()) {
            case RECORD:
            case ARRAY:
            case MAP:
            case UNION:
            case BYTES:
            case FIXED:
                return type.getLogicalType() == null;
            default:
                return false;
        }
    }

    private static CompiledExpression asText(
            String outputName, String sql, String name, Expression argument, Schema input) {
        try {
            return ExpressionCompiler.compile(
                    ExpressionCompiler.parse("CAST((" + argument + ") AS STRING)"), input);
        } catch (ExpressionException e) {
            throw new AggregateException(
                    outputName, sql, "in the argument of " + name + ": " + e.getMessage(), e);
        }
    }

    /** A NULL literal's schema as a nullable string, so that string_agg(NULL) compiles. */
    private static Schema textSchema(Schema schema) {
        if (Schemas.nonNull(schema).getType() == Schema.Type.NULL) {
            return Schema.createUnion(
                    Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        }
        return schema;
    }
}
