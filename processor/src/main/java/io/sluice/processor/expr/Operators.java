package io.sluice.processor.expr;

import io.sluice.processor.expr.SqlType.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * Operators type-checks the operands of SQL operators and builds their evaluators, converting
 * operands to a common type first ({@link Coercion}). Errors name the operator and the types.
 */
final class Operators {

    private Operators() {}

    /** {@code left op right} for + - * / %. */
    static Node arithmetic(Arithmetic.Op op, Node left, Node right, Site site) {
        SqlType l = left.type;
        SqlType r = right.type;
        boolean numeric =
                (l.isNumeric() || l.kind() == Kind.NULL)
                        && (r.isNumeric() || r.kind() == Kind.NULL);
        if (!numeric) {
            throw site.error(
                    "cannot apply '" + op.symbol + "' to " + l + " and " + r,
                    arithmeticHint(op, l, r));
        }
        if (l.kind() == Kind.NULL || r.kind() == Kind.NULL) {
            SqlType known = l.kind() == Kind.NULL ? r : l;
            return Literal.nullOf(
                    known.kind() == Kind.NULL
                            ? SqlType.INT
                            : Coercion.arithmetic(op, known, known));
        }
        SqlType type = Coercion.arithmetic(op, l, r);
        if (type.kind() == Kind.DECIMAL) {
            return Arithmetic.of(op, left, right, type);
        }
        return Arithmetic.of(op, convert(left, type, site), convert(right, type, site), type);
    }

    private static String arithmeticHint(Arithmetic.Op op, SqlType l, SqlType r) {
        if (op == Arithmetic.Op.ADD && (l.isText() || r.isText())) {
            return "use || or concat() to join text";
        }
        if (l.kind() == Kind.TIMESTAMP || r.kind() == Kind.TIMESTAMP) {
            return "use unix_millis(timestamp) to compute with epoch milliseconds";
        }
        if (l.isText() || r.isText()) {
            return "use CAST(x AS DOUBLE) to read text as a number";
        }
        return null;
    }

    /** Unary minus. */
    static Node negate(Node x, Site site) {
        if (x.type.kind() == Kind.NULL) {
            return Literal.nullOf(SqlType.INT);
        }
        if (!x.type.isNumeric()) {
            throw site.error("cannot apply unary '-' to " + x.type);
        }
        return new Arithmetic.Negate(x);
    }

    /** {@code left op right} for = <> < <= > >=. */
    static Node compare(Comparison.Op op, Node left, Node right, Site site) {
        if (left.type.kind() == Kind.NULL || right.type.kind() == Kind.NULL) {
            return Literal.nullOf(SqlType.BOOLEAN);
        }
        left = timeFromLiteral(left, right.type, site);
        right = timeFromLiteral(right, left.type, site);
        SqlType type = Coercion.comparison(left.type, right.type);
        if (type == null) {
            throw site.error(
                    "cannot compare " + left.type + " with " + right.type,
                    compareHint(left.type, right.type));
        }
        if (!op.isEquality() && !Coercion.isOrdered(type)) {
            throw site.error(
                    "cannot order " + type + " values with '" + op.symbol + "'",
                    "only = and <> apply to "
                            + type.kind().name().toLowerCase(Locale.ROOT)
                            + " values");
        }
        return Comparison.of(op, convert(left, type, site), convert(right, type, site));
    }

    private static String compareHint(SqlType a, SqlType b) {
        if (a.isText() || b.isText()) {
            return "quote text literals ('PRIME') and use CAST to compare text with numbers";
        }
        return null;
    }

    /** A string literal compared with a timestamp or date, read as one at compile time. */
    private static Node timeFromLiteral(Node node, SqlType other, Site site) {
        boolean time = other.kind() == Kind.TIMESTAMP || other.kind() == Kind.DATE;
        if (!time || node.type.kind() != Kind.STRING || !node.isConstant()) {
            return node;
        }
        return convert(node, other, site);
    }

    /**
     * {@code node} converted to {@code type} by an implicit widening, computed once when it is a
     * constant.
     */
    static Node convert(Node node, SqlType type, Site site) {
        Node converted = Cast.of(node, type);
        if (converted == null) {
            throw site.error("cannot convert " + node.type + " to " + type);
        }
        return node.isConstant() && !converted.isConstant() ? constant(converted, site) : converted;
    }

    /** {@code node} computed once, as a literal; evaluation errors become compile errors. */
    static Node constant(Node node, Site site) {
        try {
            return Literal.of(node.type, node.eval(null));
        } catch (EvaluationException e) {
            throw site.error("cannot compute " + site.text() + ": " + e.getMessage());
        }
    }

    /** Checks that {@code node} is boolean (or NULL) and returns it typed as boolean. */
    static Node requireBoolean(Node node, String context, Site site) {
        if (node.type.kind() == Kind.NULL) {
            return Literal.nullOf(SqlType.BOOLEAN);
        }
        if (node.type.kind() != Kind.BOOLEAN) {
            throw site.error(
                    context + " expects a boolean, got " + node.type + " (" + site.text() + ")");
        }
        return node;
    }

    /** {@code input [NOT] IN (items)}. */
    static Node in(Node input, List<Node> items, boolean negated, Site site) {
        if (items.isEmpty()) {
            throw site.error("IN needs at least one value");
        }
        List<Node> values = new ArrayList<>();
        SqlType type = input.type;
        for (Node item : items) {
            Node value = timeFromLiteral(item, input.type, site);
            SqlType common = Coercion.comparison(type, value.type);
            if (common == null) {
                throw site.error("cannot compare " + input.type + " with " + value.type + " in IN");
            }
            type = common;
            values.add(value);
        }
        if (type.kind() == Kind.NULL) {
            return Literal.nullOf(SqlType.BOOLEAN);
        }
        List<Node> converted = new ArrayList<>();
        for (Node value : values) {
            converted.add(inOperand(value, type, input, site));
        }
        return new InList(inOperand(input, type, input, site), converted, negated);
    }

    private static Node inOperand(Node value, SqlType type, Node input, Site site) {
        // Comparison types are not transitive (date ~ long, long ~ double, not date ~ double).
        if (Cast.of(value, type) == null) {
            throw site.error("cannot compare " + input.type + " with " + value.type + " in IN");
        }
        return convert(value, type, site);
    }

    /** {@code input [NOT] LIKE|ILIKE pattern [ESCAPE escape]}. */
    static Node like(
            Node input,
            Node pattern,
            Character escape,
            boolean ignoreCase,
            boolean negated,
            Site site) {
        Node text = requireText(input, "LIKE", site);
        Node like = requireText(pattern, "LIKE", site);
        try {
            return new Like.Wildcard(text, like, escape, ignoreCase, negated);
        } catch (IllegalArgumentException e) {
            throw site.error(e.getMessage());
        }
    }

    /** {@code input [NOT] RLIKE regex}. */
    static Node regex(Node input, Node regex, boolean negated, Site site) {
        Node text = requireText(input, "RLIKE", site);
        Node pattern = requireText(regex, "RLIKE", site);
        try {
            return new Like.Regex(text, pattern, negated);
        } catch (PatternSyntaxException e) {
            throw site.error("not a valid regular expression: " + e.getDescription());
        }
    }

    private static Node requireText(Node node, String operator, Site site) {
        if (node.type.kind() == Kind.NULL) {
            return Literal.nullOf(SqlType.STRING);
        }
        if (!node.type.isText()) {
            throw site.error(operator + " expects text, got " + node.type);
        }
        return convert(node, SqlType.STRING, site);
    }

    /** A CASE with its conditions, results and ELSE result (null when there is no ELSE). */
    static Node caseWhen(List<Node> conditions, List<Node> results, Node otherwise, Site site) {
        List<SqlType> types = new ArrayList<>();
        results.forEach(r -> types.add(r.type));
        if (otherwise != null) {
            types.add(otherwise.type);
        }
        SqlType type = Coercion.common(types);
        if (type == null) {
            throw site.error(
                    "CASE results have no common type: "
                            + types.stream().map(SqlType::toString).distinct().toList());
        }
        List<Node> converted = new ArrayList<>();
        for (Node result : results) {
            converted.add(convert(result, type, site));
        }
        Node elseResult = otherwise == null ? Literal.nullOf(type) : convert(otherwise, type, site);
        return new CaseWhen(conditions, converted, elseResult);
    }

    /** {@code CAST(x AS type)}. */
    static Node cast(Node x, SqlType type, Site site) {
        Node cast = Cast.of(x, type);
        if (cast == null) {
            throw site.error("cannot cast " + x.type + " to " + type);
        }
        return cast;
    }
}
