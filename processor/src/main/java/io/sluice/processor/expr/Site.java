package io.sluice.processor.expr;

import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.parser.ASTNodeAccessImpl;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;

/**
 * A site is a part of an expression being compiled, with the whole text, so compile errors can name
 * where they are.
 */
record Site(String sql, Expression fragment) {

    /** The site of {@code other} in the same expression. */
    Site at(Expression other) {
        return new Site(sql, other);
    }

    /** The text of the part, as the parser prints it. */
    String text() {
        return fragment == null ? sql : fragment.toString();
    }

    ExpressionException error(String problem) {
        return error(problem, null);
    }

    ExpressionException error(String problem, String hint) {
        return new ExpressionException(sql, problem, position(), hint);
    }

    /** The 1-based position of the part in the text, or null when it is not known. */
    Integer position() {
        return fragment == null ? null : positionOf(fragment);
    }

    private Integer positionOf(Expression expression) {
        if (expression instanceof ASTNodeAccessImpl access && access.getASTNode() != null) {
            Integer position = positionOf(access.getASTNode());
            if (position != null) {
                return position;
            }
        }
        Expression leftmost = leftOperand(expression);
        if (leftmost != null) {
            return positionOf(leftmost);
        }
        String text = expression.toString();
        int at = sql.indexOf(text);
        return at >= 0 && sql.indexOf(text, at + 1) < 0 ? at + 1 : null;
    }

    private static Expression leftOperand(Expression expression) {
        if (expression instanceof BinaryExpression binary) {
            return binary.getLeftExpression();
        }
        if (expression instanceof InExpression in) {
            return in.getLeftExpression();
        }
        if (expression instanceof Between between) {
            return between.getLeftExpression();
        }
        if (expression instanceof IsNullExpression isNull) {
            return isNull.getLeftExpression();
        }
        return null;
    }

    private Integer positionOf(SimpleNode node) {
        Token token = node.jjtGetFirstToken();
        return token == null ? null : offset(sql, token.beginLine, token.beginColumn);
    }

    /** The 1-based offset in {@code text} of a parser line and column, or null if outside. */
    static Integer offset(String text, int line, int column) {
        int start = 0;
        for (int i = 1; i < line; i++) {
            start = text.indexOf('\n', start) + 1;
            if (start == 0) {
                return null;
            }
        }
        int offset = start + column;
        return column >= 1 && offset <= text.length() + 1 ? offset : null;
    }
}
