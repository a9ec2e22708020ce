package io.sluice.processor.expr;

import io.sluice.processor.expr.FunctionRegistry.Definition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import org.apache.avro.Schema;

/**
 * The translator turns JSqlParser's syntax tree into a tree of evaluators for one input schema: it
 * resolves columns to field positions, looks up functions, type-checks every operator and computes
 * constant parts once.
 */
final class Translator {
    private final String sql;
    private final Schema schema;
    private final BitSet columnsRead = new BitSet();

    Translator(String sql, Schema schema) {
        this.sql = sql;
        this.schema = schema;
    }

    /** The positions of the top-level columns the expressions translated so far read. */
    BitSet columnsRead() {
        return (BitSet) columnsRead.clone();
    }

    /** The evaluator of {@code expression}. */
    Node translate(Expression expression) {
        Site site = new Site(sql, expression);
        Node literal = literal(expression, site);
        if (literal != null) {
            return literal;
        }
        if (expression instanceof Column column) {
            FieldRead read = Columns.read(column, schema, site);
            columnsRead.set(read.column());
            return read;
        }
        if (expression instanceof Parenthesis parenthesis) {
            return translate(parenthesis.getExpression());
        }
        if (expression instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return translate(list.get(0));
        }
        Node operator = OperatorSyntax.translate(this, expression, site);
        if (operator != null) {
            return operator;
        }
        if (expression instanceof Function function) {
            return function(function, site);
        }
        if (expression instanceof CastExpression cast) {
            return cast(cast, site);
        }
        throw site.error(
                "'" + expression + "' is not supported",
                "see docs/expressions.md for the supported syntax");
    }

    private static Node literal(Expression expression, Site site) {
        if (expression instanceof LongValue value) {
            BigInteger number = new BigInteger(value.getStringValue());
            if (number.bitLength() < 32) {
                return Literal.of(SqlType.INT, number.intValue());
            }
            if (number.bitLength() < 64) {
                return Literal.of(SqlType.LONG, number.longValue());
            }
            BigDecimal decimal = new BigDecimal(number);
            if (decimal.precision() > SqlType.MAX_PRECISION) {
                throw site.error("the number " + number + " has more than 38 digits");
            }
            return Literal.of(SqlType.decimal(decimal.precision(), 0), decimal);
        }
        if (expression instanceof DoubleValue value) {
            return Literal.of(SqlType.DOUBLE, value.getValue());
        }
        if (expression instanceof StringValue value) {
            return Literal.of(SqlType.STRING, value.getNotExcapedValue());
        }
        if (expression instanceof BooleanValue value) {
            return Literal.of(SqlType.BOOLEAN, value.getValue());
        }
        if (expression instanceof NullValue) {
            return Literal.nullOf(SqlType.NULL);
        }
        return null;
    }

    /** {@code node} computed once when all of {@code inputs} are constant. */
    static Node fold(Node node, Site site, Node... inputs) {
        return fold(node, site, List.of(inputs));
    }

    static Node fold(Node node, Site site, List<Node> inputs) {
        if (node.isConstant() || !inputs.stream().allMatch(Node::isConstant)) {
            return node;
        }
        return Operators.constant(node, site);
    }

    private Node function(Function function, Site site) {
        String name = function.getName();
        if (Aggregates.isAggregate(name)) {
            throw site.error(
                    "aggregate function '" + name + "' is not allowed here",
                    "aggregates belong in an aggregate step, such as"
                            + " aggregate: {Sales: \"sum(TotalValue)\"}");
        }
        Definition definition = FunctionRegistry.find(name);
        if (definition == null) {
            String suggestion = Columns.closest(name, FunctionRegistry.names());
            throw site.error(
                    "function '" + name + "' is not known",
                    (suggestion == null ? "" : "did you mean '" + suggestion + "'? ")
                            + "functions are: "
                            + String.join(", ", FunctionRegistry.names()));
        }
        if (function.isDistinct()
                || function.isAllColumns()
                || function.getNamedParameters() != null) {
            throw site.error(
                    "'" + function + "' is not supported",
                    "write " + name.toLowerCase(Locale.ROOT) + "(argument, ...)");
        }
        List<Node> args = arguments(function.getParameters());
        Node node =
                definition.compiler().compile(new Call(name.toLowerCase(Locale.ROOT), args, site));
        return definition.deterministic() ? fold(node, site, args) : node;
    }

    List<Node> arguments(ExpressionList<?> parameters) {
        List<Node> args = new ArrayList<>();
        if (parameters != null) {
            for (Expression parameter : parameters) {
                args.add(translate(parameter));
            }
        }
        return args;
    }

    private Node cast(CastExpression cast, Site site) {
        SqlType type = CastTypes.parse(cast.getColDataType(), site);
        Node value = translate(cast.getLeftExpression());
        return fold(Operators.cast(value, type, site), site, value);
    }
}
