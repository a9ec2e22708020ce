package io.sluice.processor.expr;

import io.sluice.processor.SluiceException;
import java.util.OptionalInt;

/**
 * An expression exception is an expression that cannot be compiled: bad syntax, an unknown column
 * or function, or operand types that do not fit.
 *
 * <p>The message names the problem, the position (1-based, in characters) when known, the whole
 * expression and, where it helps, what was expected; for example {@code unknown column 'Totl' at
 * position 1 in "Totl * 2"; columns are: ...}.
 */
public final class ExpressionException extends SluiceException {
    private static final long serialVersionUID = 1L;

    private final String sql;
    private final Integer position;

    ExpressionException(String sql, String problem, Integer position, String hint) {
        this(sql, problem, position, hint, null);
    }

    ExpressionException(
            String sql, String problem, Integer position, String hint, Throwable cause) {
        super(message(sql, problem, position, hint), cause);
        this.sql = sql;
        this.position = position;
    }

    /** The text of the expression that failed to compile. */
    public String sql() {
        return sql;
    }

    /** The 1-based position in {@link #sql()} where the problem is, when it is known. */
    public OptionalInt position() {
        return position == null ? OptionalInt.empty() : OptionalInt.of(position);
    }

    private static String message(String sql, String problem, Integer position, String hint) {
        StringBuilder text = new StringBuilder(problem);
        if (position != null) {
            text.append(" at position ").append(position);
        }
        text.append(" in \"").append(sql).append('"');
        if (hint != null) {
            text.append("; ").append(hint);
        }
        return text.toString();
    }
}
