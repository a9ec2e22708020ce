package io.sluice.processor.expr;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;

/**
 * Operator syntax maps JSqlParser's operator nodes (arithmetic, comparisons, logic, IS, IN, LIKE,
 * BETWEEN, CASE, TRIM, EXTRACT) to {@link Operators}, translating operands first and computing the
 * result once when every operand is constant.
 */
final class OperatorSyntax {

    private OperatorSyntax() {}

    /** The evaluator of operator {@code e}, or null when {@code e} is not an operator. */
    static Node translate(Translator t, Expression e, Site site) {
        if (e instanceof BinaryExpression binary) {
            return binary(t, binary, site);
        }
        if (e instanceof InExpression in) {
            return in(t, in, site);
        }
        if (e instanceof Between between) {
            return between(t, between, site);
        }
        if (e instanceof CaseExpression caseExpression) {
            return caseWhen(t, caseExpression, site);
        }
        if (e instanceof TrimFunction trim) {
            return trim(t, trim, site);
        }
        if (e instanceof ExtractExpression extract) {
            return extract(t, extract, site);
        }
        return unary(t, e, site);
    }

    /** Sign, NOT and the IS tests, or null when {@code e} is none of them. */
    private static Node unary(Translator t, Expression e, Site site) {
        if (e instanceof SignedExpression signed) {
            return sign(t.translate(signed.getExpression()), signed.getSign(), site);
        }
        if (e instanceof NotExpression not) {
            Node x = Operators.requireBoolean(t.translate(not.getExpression()), "NOT", site);
            return Translator.fold(new Logic.Not(x), site, x);
        }
        if (e instanceof IsNullExpression isNull) {
            Node x = t.translate(isNull.getLeftExpression());
            return Translator.fold(new Logic.IsNull(x, isNull.isNot()), site, x);
        }
        if (e instanceof IsBooleanExpression is) {
            Node x = Operators.requireBoolean(t.translate(is.getLeftExpression()), "IS", site);
            return Translator.fold(new Logic.IsBoolean(x, is.isTrue(), is.isNot()), site, x);
        }
        return null;
    }

    private static Node sign(Node x, char sign, Site site) {
        if (sign == '+') {
            if (!x.type.isNumeric()) {
                throw site.error("cannot apply unary '+' to " + x.type);
            }
            return x;
        }
        if (sign != '-') {
            throw site.error("unary '" + sign + "' is not supported");
        }
        return Translator.fold(Operators.negate(x, site), site, x);
    }

    private static Node binary(Translator t, BinaryExpression e, Site site) {
        if (e instanceof LikeExpression like) {
            return like(t, like, site);
        }
        Arithmetic.Op arithmetic = arithmeticOp(e);
        Comparison.Op comparison = comparisonOp(e);
        boolean logical = e instanceof AndExpression || e instanceof OrExpression;
        if (arithmetic == null && comparison == null && !logical && !(e instanceof Concat)) {
            return null;
        }
        Node left = t.translate(e.getLeftExpression());
        Node right = t.translate(e.getRightExpression());
        Node node;
        if (arithmetic != null) {
            node = Operators.arithmetic(arithmetic, left, right, site);
        } else if (comparison != null) {
            node = Operators.compare(comparison, left, right, site);
        } else if (e instanceof Concat) {
            node = StringFunctions.concat(List.of(left, right), site);
        } else {
            String name = e instanceof AndExpression ? "AND" : "OR";
            Node a = Operators.requireBoolean(left, name, site.at(e.getLeftExpression()));
            Node b = Operators.requireBoolean(right, name, site.at(e.getRightExpression()));
            node = e instanceof AndExpression ? new Logic.And(a, b) : new Logic.Or(a, b);
        }
        return Translator.fold(node, site, left, right);
    }

    private static Arithmetic.Op arithmeticOp(Expression e) {
        if (e instanceof Addition) {
            return Arithmetic.Op.ADD;
        }
        if (e instanceof Subtraction) {
            return Arithmetic.Op.SUBTRACT;
        }
        if (e instanceof Multiplication) {
            return Arithmetic.Op.MULTIPLY;
        }
        if (e instanceof Division) {
            return Arithmetic.Op.DIVIDE;
        }
        return e instanceof Modulo ? Arithmetic.Op.MODULO : null;
    }

    private static Comparison.Op comparisonOp(Expression e) {
        if (e instanceof EqualsTo) {
            return Comparison.Op.EQ;
        }
        if (e instanceof NotEqualsTo) {
            return Comparison.Op.NE;
        }
        if (e instanceof MinorThan) {
            return Comparison.Op.LT;
        }
        if (e instanceof MinorThanEquals) {
            return Comparison.Op.LE;
        }
        if (e instanceof GreaterThan) {
            return Comparison.Op.GT;
        }
        return e instanceof GreaterThanEquals ? Comparison.Op.GE : null;
    }

    private static Node like(Translator t, LikeExpression like, Site site) {
        Node input = t.translate(like.getLeftExpression());
        Node pattern = t.translate(like.getRightExpression());
        Node node;
        switch (like.getLikeKeyWord()) {
            case LIKE:
            case ILIKE:
                boolean ignoreCase = like.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE;
                Character escape = escape(like.getEscape(), site);
                node = Operators.like(input, pattern, escape, ignoreCase, like.isNot(), site);
                break;
            case RLIKE:
            case REGEXP:
                node = Operators.regex(input, pattern, like.isNot(), site);
                break;
            default:
                throw site.error(
                        "'" + like.getLikeKeyWord() + "' is not supported",
                        "use LIKE, ILIKE or RLIKE");
        }
        return Translator.fold(node, site, input, pattern);
    }

    /** The escape character of LIKE: a backslash unless an ESCAPE clause names another. */
    private static Character escape(Expression escape, Site site) {
        if (escape == null) {
            return '\\';
        }
        if (!(escape instanceof StringValue text) || text.getNotExcapedValue().length() != 1) {
            throw site.error("ESCAPE expects one character in quotes, got " + escape);
        }
        return text.getNotExcapedValue().charAt(0);
    }

    private static Node in(Translator t, InExpression in, Site site) {
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw site.error("IN expects a list of values such as ('A', 'B')");
        }
        Node input = t.translate(in.getLeftExpression());
        List<Node> items = t.arguments(list);
        List<Node> inputs = new ArrayList<>(items);
        inputs.add(input);
        return Translator.fold(Operators.in(input, items, in.isNot(), site), site, inputs);
    }

    private static Node between(Translator t, Between between, Site site) {
        Node x = t.translate(between.getLeftExpression());
        Node low = t.translate(between.getBetweenExpressionStart());
        Node high = t.translate(between.getBetweenExpressionEnd());
        Node atLeast = Operators.compare(Comparison.Op.GE, x, low, site);
        Node atMost = Operators.compare(Comparison.Op.LE, x, high, site);
        Node node = new Logic.And(atLeast, atMost);
        if (between.isNot()) {
            node = new Logic.Not(node);
        }
        return Translator.fold(node, site, x, low, high);
    }

    private static Node caseWhen(Translator t, CaseExpression e, Site site) {
        Node subject =
                e.getSwitchExpression() == null ? null : t.translate(e.getSwitchExpression());
        List<Node> conditions = new ArrayList<>();
        List<Node> results = new ArrayList<>();
        List<Node> inputs = new ArrayList<>();
        for (WhenClause when : e.getWhenClauses()) {
            Site whenSite = site.at(when.getWhenExpression());
            Node condition = t.translate(when.getWhenExpression());
            inputs.add(condition);
            if (subject != null) {
                condition = Operators.compare(Comparison.Op.EQ, subject, condition, whenSite);
            }
            conditions.add(Operators.requireBoolean(condition, "WHEN", whenSite));
            results.add(t.translate(when.getThenExpression()));
        }
        Node otherwise = e.getElseExpression() == null ? null : t.translate(e.getElseExpression());
        inputs.addAll(results);
        if (subject != null) {
            inputs.add(subject);
        }
        if (otherwise != null) {
            inputs.add(otherwise);
        }
        return Translator.fold(
                Operators.caseWhen(conditions, results, otherwise, site), site, inputs);
    }

    private static Node trim(Translator t, TrimFunction trim, Site site) {
        // TRIM(x), TRIM(LEADING FROM x) and TRIM([LEADING] 'chars' FROM x).
        Expression text =
                trim.getFromExpression() != null ? trim.getFromExpression() : trim.getExpression();
        Expression characters = trim.getFromExpression() != null ? trim.getExpression() : null;
        if (text == null) {
            throw site.error("TRIM needs text to trim");
        }
        TrimFunction.TrimSpecification side = trim.getTrimSpecification();
        boolean leading = side == null || side != TrimFunction.TrimSpecification.TRAILING;
        boolean trailing = side == null || side != TrimFunction.TrimSpecification.LEADING;
        Node input = t.translate(text);
        Node chars = characters == null ? null : t.translate(characters);
        Node node = StringFunctions.trim(input, chars, leading, trailing, site);
        return chars == null
                ? Translator.fold(node, site, input)
                : Translator.fold(node, site, input, chars);
    }

    private static Node extract(Translator t, ExtractExpression extract, Site site) {
        String function = TimeFunctions.extractFunction(extract.getName());
        if (function == null) {
            throw site.error(
                    "EXTRACT(" + extract.getName() + " ...) is not supported",
                    "use YEAR, MONTH, DAY, HOUR, MINUTE or SECOND");
        }
        Node value = t.translate(extract.getExpression());
        Node node =
                FunctionRegistry.find(function)
                        .compiler()
                        .compile(new Call(function, List.of(value), site));
        return Translator.fold(node, site, value);
    }
}
