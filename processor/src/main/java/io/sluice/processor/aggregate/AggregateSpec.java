package io.sluice.processor.aggregate;

import io.sluice.processor.expr.AggregateCall;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.expr.ExpressionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import org.apache.avro.Schema;

/**
 * The aggregate spec compiler turns the {@code aggregate} map of an aggregation step ({@code
 * {Sales: "sum(TotalValue)", Invoices: "count(*)"}}) into compiled aggregates for rows of an input
 * schema.
 *
 * <p>Each value must be one call of an aggregate function whose argument is an expression over the
 * input's columns: {@code sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)}. {@code count(*)}
 * counts rows, {@code count(DISTINCT x)} is {@code count_distinct(x)}.
 *
 * <p>{@code string_agg(x [, delimiter])} (alias {@code listagg}) joins the group's non-null values
 * as text; a value that is not text is cast to it first. The two ways Spark users join a group's
 * list, {@code concat_ws(delimiter, collect_list(x))} and {@code array_join(collect_list(x),
 * delimiter)}, compile to the same function: collect_list keeps no nulls, so array_join's null
 * replacement never applies.
 */
public final class AggregateSpec {
    private static final Pattern COLUMN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String FUNCTIONS =
            "avg, collect_list, count, count_distinct, first, last, listagg, max, min, string_agg,"
                    + " sum";

    private AggregateSpec() {}

    /**
     * Compiles every entry of {@code aggregates} (output name to expression), in the map's order.
     *
     * @throws AggregateException for the first entry that does not compile
     */
    public static List<CompiledAggregate> compile(Map<String, String> aggregates, Schema input) {
        List<CompiledAggregate> compiled = new ArrayList<>(aggregates.size());
        for (Map.Entry<String, String> entry : aggregates.entrySet()) {
            compiled.add(compile(entry.getKey(), entry.getValue(), input));
        }
        return List.copyOf(compiled);
    }

    /**
     * Compiles the aggregate expression {@code sql} of the output column {@code outputName} for
     * rows of {@code input}.
     *
     * @throws AggregateException when the name is not a valid column name, or the expression is not
     *     a single aggregate call whose argument compiles and suits the function
     */
    public static CompiledAggregate compile(String outputName, String sql, Schema input) {
        if (outputName == null || !COLUMN_NAME.matcher(outputName).matches()) {
            throw new AggregateException(
                    String.valueOf(outputName),
                    sql,
                    "'"
                            + outputName
                            + "' is not a valid column name; use letters, digits and _,"
                            + " not starting with a digit",
                    null);
        }
        Expression parsed;
        try {
            parsed = unwrap(ExpressionCompiler.parse(sql));
        } catch (ExpressionException e) {
            throw new AggregateException(outputName, sql, e.getMessage(), e);
        }
        Optional<CompiledAggregate> joined =
                JoinedCollect.tryCompile(outputName, sql, parsed, input);
        if (joined.isPresent()) {
            return joined.get();
        }
        AggregateCall call = topLevelCall(outputName, sql, parsed);
        AggregateFunction.Kind kind = kind(outputName, sql, call);
        if (kind == AggregateFunction.Kind.COUNT_ALL) {
            return new CompiledAggregate(
                    outputName, sql, AggregateFunction.countAll(), Optional.empty());
        }
        if (kind == AggregateFunction.Kind.STRING_AGG) {
            String delimiter =
                    call.arguments().size() < 2
                            ? ""
                            : JoinedCollect.delimiter(
                                    outputName, sql, call.name(), call.arguments().get(1), input);
            return JoinedCollect.stringAgg(
                    outputName, sql, call.name(), call.arguments().get(0), delimiter, input);
        }
        CompiledExpression argument = compileArgument(outputName, sql, call, input);
        try {
            AggregateFunction function = AggregateFunction.of(kind, argument.resultSchema());
            return new CompiledAggregate(outputName, sql, function, Optional.of(argument));
        } catch (IllegalArgumentException e) {
            throw new AggregateException(outputName, sql, e.getMessage(), e);
        }
    }

    /** The compiled argument of {@code call}, which must not contain an aggregate. */
    private static CompiledExpression compileArgument(
            String outputName, String sql, AggregateCall call, Schema input) {
        return compileArgument(outputName, sql, call.name(), call.arguments().get(0), input);
    }

    /** The compiled argument {@code argumentSql} of {@code name}, which must hold no aggregate. */
    static CompiledExpression compileArgument(
            String outputName, String sql, String name, Expression argumentSql, Schema input) {
        List<AggregateCall> nested = ExpressionCompiler.aggregateCalls(argumentSql);
        if (!nested.isEmpty()) {
            throw new AggregateException(
                    outputName,
                    sql,
                    "the aggregate "
                            + nested.get(0).name()
                            + " is nested inside "
                            + name
                            + "; an aggregate's argument must be an expression over columns,"
                            + " such as sum(Price * Qty)",
                    null);
        }
        try {
            return ExpressionCompiler.compile(argumentSql, input);
        } catch (ExpressionException e) {
            throw new AggregateException(
                    outputName, sql, "in the argument of " + name + ": " + e.getMessage(), e);
        }
    }

    /** The single aggregate call {@code parsed} is, or an error saying what it is instead. */
    private static AggregateCall topLevelCall(String outputName, String sql, Expression parsed) {
        List<AggregateCall> calls = ExpressionCompiler.aggregateCalls(parsed);
        if (calls.isEmpty()) {
            throw new AggregateException(outputName, sql, notAnAggregate(parsed), null);
        }
        if (calls.size() > 1 || calls.get(0).call() != parsed) {
            throw new AggregateException(
                    outputName,
                    sql,
                    "an output must be a single aggregate call such as sum(TotalValue);"
                            + " computing with aggregates ("
                            + calls.get(0).sql()
                            + " inside a larger expression) is not supported: give each"
                            + " aggregate its own output",
                    null);
        }
        return calls.get(0);
    }

    private static String notAnAggregate(Expression parsed) {
        if (parsed instanceof Function function && function.getName() != null) {
            String name = function.getName().toLowerCase(Locale.ROOT);
            String suggestion = closestFunction(name);
            return "'"
                    + name
                    + "' is not an aggregate function"
                    + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                    + "; aggregates are: "
                    + FUNCTIONS;
        }
        return "not an aggregate: an output of an aggregation step must be an aggregate call"
                + " such as sum(TotalValue) or count(*) (aggregates are: "
                + FUNCTIONS
                + "); group by plain columns with groupBy, or wrap one in first(...)";
    }

    private static AggregateFunction.Kind kind(String outputName, String sql, AggregateCall call) {
        String name = call.name();
        boolean count = name.equals("count");
        if (call.isStar()) {
            if (!count || call.isDistinct()) {
                throw new AggregateException(
                        outputName,
                        sql,
                        name
                                + "(*) is not supported; only count(*) takes *, "
                                + name
                                + " needs a column or expression",
                        null);
            }
            return AggregateFunction.Kind.COUNT_ALL;
        }
        boolean stringAgg = name.equals("string_agg") || name.equals("listagg");
        int arguments = call.arguments().size();
        if (stringAgg ? arguments < 1 || arguments > 2 : arguments != 1) {
            throw new AggregateException(
                    outputName,
                    sql,
                    name
                            + (stringAgg ? " takes one or two arguments" : " takes one argument")
                            + ", got "
                            + arguments,
                    null);
        }
        if (call.isDistinct() && !count && !name.equals("count_distinct")) {
            throw new AggregateException(
                    outputName,
                    sql,
                    "DISTINCT is supported only in count(DISTINCT x), not in " + name,
                    null);
        }
        if (stringAgg) {
            return AggregateFunction.Kind.STRING_AGG;
        }
        if (count) {
            return call.isDistinct()
                    ? AggregateFunction.Kind.COUNT_DISTINCT
                    : AggregateFunction.Kind.COUNT;
        }
        return AggregateFunction.Kind.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** {@code (x)} as {@code x}, through any number of parentheses. */
    private static Expression unwrap(Expression parsed) {
        Expression current = parsed;
        while (current instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            current = list.get(0);
        }
        return current;
    }

    /** The aggregate name within two edits of {@code name}, if there is one. */
    private static String closestFunction(String name) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : FUNCTIONS.split(", ")) {
            int distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] =
                        Math.min(
                                Math.min(current[j - 1] + 1, previous[j] + 1),
                                previous[j - 1] + substitution);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
