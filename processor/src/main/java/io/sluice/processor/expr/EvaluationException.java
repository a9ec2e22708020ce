package io.sluice.processor.expr;

import io.sluice.processor.SluiceException;
import java.util.Optional;

/**
 * An evaluation exception is a row on which a compiled expression cannot be computed: division of
 * integers by zero, a CAST of text that is not a number, an overflow, a value of the wrong type for
 * the schema.
 *
 * <p>The expression is fine; the record is bad, so the engine applies the pipeline's error policy
 * (by default, the dead-letter topic). The message names the expression, the problem and the
 * offending value.
 */
public final class EvaluationException extends SluiceException {
    private static final long serialVersionUID = 1L;

    private final String sql;
    private final String problem;
    private final String value;

    private EvaluationException(String sql, String problem, String value, Throwable cause) {
        super(message(sql, problem, value), cause);
        this.sql = sql;
        this.problem = problem;
        this.value = value;
    }

    /** A failure raised inside an evaluator, before the expression text is known. */
    static EvaluationException of(String problem, Object value) {
        return new EvaluationException(null, problem, describe(value), null);
    }

    /** A failure raised inside an evaluator with the exception that caused it. */
    static EvaluationException of(String problem, Object value, Throwable cause) {
        return new EvaluationException(null, problem, describe(value), cause);
    }

    /** A failure of an operator, shown with its operands such as {@code 7 / 0}. */
    static EvaluationException withOperands(String problem, String operands) {
        return new EvaluationException(null, problem, operands, null);
    }

    /** This failure, named with the text of the expression it happened in. */
    EvaluationException in(String expression) {
        return new EvaluationException(expression, problem, value, getCause());
    }

    /** The failure of an unexpected exception inside {@code expression}, such as a bad row. */
    static EvaluationException unexpected(String expression, RuntimeException cause) {
        return new EvaluationException(
                expression,
                "unexpected "
                        + cause.getClass().getSimpleName()
                        + " ("
                        + cause.getMessage()
                        + "); does the row have the schema the expression was compiled for?",
                null,
                cause);
    }

    /** The text of the expression that failed, when known. */
    public Optional<String> sql() {
        return Optional.ofNullable(sql);
    }

    /** The offending value as text (quoted when it is a string), when there is one. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    private static String describe(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }

    private static String message(String sql, String problem, String value) {
        StringBuilder text = new StringBuilder(problem);
        if (value != null) {
            text.append(" (value ").append(value).append(')');
        }
        if (sql != null) {
            text.append(" in \"").append(sql).append('"');
        }
        return text.toString();
    }
}
