package io.sluice.processor.expr;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;

/**
 * The parser turns expression text into JSqlParser's syntax tree, and its failures into {@link
 * ExpressionException}s that name the position, the unexpected token and what was expected.
 */
/*
 * Implementation notes
 *
 * JSqlParser has two modes. The simple mode does not backtrack: it is fast at any depth of
 * parentheses but rejects some valid expressions that use a comparison as a value, such as
 * COALESCE(a = 1, FALSE), (a = 1) = TRUE or CAST((a <= b) AS INT). The "complex" mode
 * backtracks and accepts them, but its cost grows exponentially with nesting: measured on
 * JSqlParser 5.3, (((x + 1) + 1) ...) nested 9 deep took about 4 s and 13 deep about 57 s, and
 * some odd 200-character expressions 3 to 5 s at a depth of 3.
 *
 * So the simple mode goes first, and the complex mode is tried only when it fails, within a
 * time budget: a daemon thread sets the parser's own `interrupted` flag (the mechanism
 * JSqlParser uses for its statement time-outs), which makes it stop with a ParseException. When
 * the complex mode fails too, or runs out of time, the simple mode's error is reported: it names
 * the token where parsing without backtracking stopped.
 */
final class Parser {
    private static final long COMPLEX_PARSING_BUDGET_MS = 1_000;
    private static final ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(
                    task -> {
                        Thread thread = new Thread(task, "sluice-expression-parser-watchdog");
                        thread.setDaemon(true);
                        return thread;
                    });
    private static final Pattern LEXICAL_POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    private Parser() {}

    /** The syntax tree of {@code sql}. */
    static Expression parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new ExpressionException(
                    String.valueOf(sql),
                    "empty expression",
                    null,
                    "write an SQL expression such as CustomerType = 'PRIME'");
        }
        try {
            return parse(CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false), sql);
        } catch (ExpressionException simple) {
            CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true);
            ScheduledFuture<?> alarm =
                    WATCHDOG.schedule(
                            () -> parser.interrupted = true,
                            COMPLEX_PARSING_BUDGET_MS,
                            TimeUnit.MILLISECONDS);
            try {
                return parse(parser, sql);
            } catch (ExpressionException complex) {
                throw simple;
            } finally {
                alarm.cancel(false);
            }
        }
    }

    private static Expression parse(CCJSqlParser parser, String sql) {
        Expression expression;
        try {
            expression = parser.Expression();
        } catch (ParseException e) {
            throw syntaxError(sql, e);
        } catch (TokenMgrException e) {
            throw lexicalError(sql, e);
        }
        Token next = parser.getNextToken();
        if (next.kind != CCJSqlParserConstants.EOF) {
            throw new ExpressionException(
                    sql,
                    "unexpected " + describe(next),
                    positionOf(sql, next),
                    "expected an operator or the end of the expression");
        }
        return expression;
    }

    private static ExpressionException syntaxError(String sql, ParseException e) {
        Token token = e.currentToken == null ? null : e.currentToken.next;
        if (token == null) {
            return new ExpressionException(sql, "syntax error", null, firstLine(e), e);
        }
        return new ExpressionException(
                sql, "unexpected " + describe(token), positionOf(sql, token), expected(e), e);
    }

    /** The position of {@code token}; the end of the text is just after its last character. */
    private static Integer positionOf(String sql, Token token) {
        if (token.kind == CCJSqlParserConstants.EOF) {
            return sql.stripTrailing().length() + 1;
        }
        return Site.offset(sql, token.beginLine, token.beginColumn);
    }

    private static ExpressionException lexicalError(String sql, TokenMgrException e) {
        String message = String.valueOf(e.getMessage());
        Matcher at = LEXICAL_POSITION.matcher(message);
        Integer position =
                at.find()
                        ? Site.offset(
                                sql, Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)))
                        : null;
        String problem =
                message.contains("<EOF>")
                        ? "unexpected end of expression (is a quote not closed?)"
                        : "unexpected character";
        return new ExpressionException(sql, problem, position, null, e);
    }

    private static String describe(Token token) {
        return token.kind == CCJSqlParserConstants.EOF
                ? "end of expression"
                : "'" + token.image + "'";
    }

    private static String expected(ParseException e) {
        if (e.expectedTokenSequences == null || e.tokenImage == null) {
            return null;
        }
        Set<String> expected = new LinkedHashSet<>();
        for (int[] sequence : e.expectedTokenSequences) {
            if (sequence.length > 0) {
                expected.add(e.tokenImage[sequence[0]]);
            }
        }
        if (expected.isEmpty()) {
            return null;
        }
        if (expected.size() > 12) {
            return "expected an expression";
        }
        return "expected one of: " + String.join(", ", expected);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
