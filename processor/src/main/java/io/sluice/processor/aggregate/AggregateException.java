package io.sluice.processor.aggregate;

import io.sluice.processor.ConfigException;

/**
 * An aggregate exception is an entry of an aggregation step's {@code aggregate} map that cannot be
 * compiled: not an aggregate, an unknown or nested aggregate, wrong arguments, or an argument the
 * function cannot take. The pipeline refuses to start.
 *
 * <p>The message names the output, the expression and what would fit; when the argument failed to
 * compile, the expression compiler's exception is the cause.
 */
public final class AggregateException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String outputName;
    private final String sql;

    AggregateException(String outputName, String sql, String problem, Throwable cause) {
        super("aggregate " + outputName + ": \"" + sql + "\": " + problem, cause);
        this.outputName = outputName;
        this.sql = sql;
    }

    /** The name of the output column whose expression failed. */
    public String outputName() {
        return outputName;
    }

    /** The expression that failed. */
    public String sql() {
        return sql;
    }
}
