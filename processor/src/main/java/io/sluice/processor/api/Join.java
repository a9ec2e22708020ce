package io.sluice.processor.api;

import io.sluice.processor.join.JoinType;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a pipeline joins a {@link Table} or a second stream: on which column, which kind of join,
 * which columns to add, and for a versioned table the event time to read it at; for a stream, the
 * time condition.
 *
 * <pre>{@code
 * Join.on("CustomerCardNo").left().columns("EmailAddress", "MobileNumber")
 * Join.on("AdID").left().between(Duration.ZERO, Duration.ofHours(1))
 * }</pre>
 */
public final class Join {
    private final Object on; // a column, or {left, right} for streams keyed by other names
    private String type = JoinType.INNER.text();
    private List<String> columns = List.of();
    private String at;
    private Map<String, Object> time = Map.of();

    private Join(Object on) {
        this.on = Objects.requireNonNull(on, "on");
    }

    /** An inner join on the rows' column {@code column}, compared with the other key as text. */
    public static Join on(String column) {
        return new Join(column);
    }

    /** An inner join of streams keyed by columns of other names. */
    public static Join on(String leftColumn, String rightColumn) {
        Map<String, Object> on = new LinkedHashMap<>();
        on.put("left", Objects.requireNonNull(leftColumn, "leftColumn"));
        on.put("right", Objects.requireNonNull(rightColumn, "rightColumn"));
        return new Join(on);
    }

    /** A left join: rows without a match come out with null columns of the other side. */
    public Join left() {
        type = "left";
        return this;
    }

    /** A right join of streams: right rows without a match come out with null left columns. */
    public Join right() {
        type = "right";
        return this;
    }

    /** A full outer join of streams. */
    public Join full() {
        type = "full";
        return this;
    }

    /** A left semi join of streams: each left row that meets a right row, once. */
    public Join leftSemi() {
        type = "leftSemi";
        return this;
    }

    /** The join type of a table or file join. */
    public Join type(JoinType type) {
        this.type = Objects.requireNonNull(type, "type").text();
        return this;
    }

    /** Streams: the right row's event time minus the left row's within {@code [lower, upper]}. */
    public Join between(Duration lower, Duration upper) {
        time = Map.of("between", List.of(signed(lower), signed(upper)));
        return this;
    }

    /** Streams: both rows in the same tumbling window of {@code size}. */
    public Join window(Duration size) {
        time = Map.of("window", FileValues.duration(size));
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

    /** The join step's value, with the other input's section under {@code kind}. */
    Map<String, Object> step(String kind, Map<String, Object> section) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put(kind, section);
        step.put("on", on);
        step.put("type", type);
        step.putAll(time);
        if (!columns.isEmpty()) {
            step.put("columns", columns);
        }
        if (at != null) {
            step.put("at", at);
        }
        return step;
    }

    private static String signed(Duration duration) {
        return duration.isNegative()
                ? "-" + FileValues.duration(duration.negated())
                : FileValues.duration(duration);
    }
}
