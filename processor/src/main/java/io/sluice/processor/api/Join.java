package io.sluice.processor.api;

import io.sluice.processor.join.JoinType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a pipeline joins a {@link Table}: on which column of its rows, inner or left, which table
 * columns to add, and at which event time a versioned table is read.
 *
 * <pre>{@code
 * Join.on("CustomerCardNo").left().columns("EmailAddress", "MobileNumber")
 * }</pre>
 */
public final class Join {
    private final String on;
    private JoinType type = JoinType.INNER;
    private List<String> columns = List.of();
    private String at;

    private Join(String on) {
        this.on = Objects.requireNonNull(on, "on");
    }

    /** An inner join on the rows' column {@code column}, compared with the table's key as text. */
    public static Join on(String column) {
        return new Join(column);
    }

    /** A left join: rows without a match come out with null table columns. */
    public Join left() {
        type = JoinType.LEFT;
        return this;
    }

    /** The join type. */
    public Join type(JoinType type) {
        this.type = Objects.requireNonNull(type, "type");
        return this;
    }

    /** The table columns to add, in this order; default all but the key column. */
    public Join columns(String... columns) {
        this.columns = List.copyOf(Arrays.asList(columns));
        return this;
    }

    /** Reads a versioned table at the event time in the rows' long column {@code column}. */
    public Join at(String column) {
        this.at = Objects.requireNonNull(column, "column");
        return this;
    }

    /** The join step's value, with {@code table}'s section under its kind. */
    Map<String, Object> step(Table table, Map<String, Object> tableSection) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put(table.kind(), tableSection);
        step.put("on", on);
        step.put("type", type.text());
        if (!columns.isEmpty()) {
            step.put("columns", columns);
        }
        if (at != null) {
            step.put("at", at);
        }
        return step;
    }
}
