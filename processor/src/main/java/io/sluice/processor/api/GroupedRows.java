package io.sluice.processor.api;

import io.sluice.processor.stateful.groupstate.FlatMapGroupsWithStateFunction;
import io.sluice.processor.stateful.groupstate.GroupStateSteps;
import io.sluice.processor.stateful.groupstate.GroupStateTimeout;
import io.sluice.processor.stateful.groupstate.MapGroupsWithStateFunction;
import io.sluice.processor.stateful.groupstate.StateCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Rows grouped by columns (and perhaps a window), waiting for what to compute per group: {@link
 * #aggregate} (a file's aggregation step) or a group-state function.
 *
 * <p>Call {@link #groupBy} and {@link #window} at most once each, then one of the terminal methods;
 * they add the step to the pipeline and return its builder.
 */
public final class GroupedRows {
    private final PipelineBuilder pipeline;
    private List<Column> groupBy;
    private Window window;

    GroupedRows(PipelineBuilder pipeline) {
        this.pipeline = pipeline;
    }

    /** Groups by the named columns. */
    public GroupedRows groupBy(String... columns) {
        List<Column> named = new ArrayList<>();
        for (String column : columns) {
            named.add(Column.col(column));
        }
        return groupBy(named.toArray(new Column[0]));
    }

    /** Groups by columns, plain ({@code col("State")}) or computed ({@code expr(..).as(..)}). */
    public GroupedRows groupBy(Column... columns) {
        if (groupBy != null) {
            throw new IllegalStateException(
                    "groupBy is set already; expected one groupBy with every group column");
        }
        groupBy = List.of(columns);
        return this;
    }

    /** Groups by event-time window as well. */
    public GroupedRows window(Window window) {
        if (this.window != null) {
            throw new IllegalStateException("window is set already; expected one window");
        }
        this.window = Objects.requireNonNull(window, "window");
        return this;
    }

    /**
     * Emits one row per group (and window): the group columns, {@code window_start} and {@code
     * window_end} with a window, then the aggregates, such as {@code
     * expr("sum(TotalValue)").as("Sales")}.
     */
    public PipelineBuilder aggregate(Column... aggregates) {
        Map<String, Object> step = new LinkedHashMap<>();
        if (window != null) {
            step.put("window", window.section());
        }
        if (groupBy != null && !groupBy.isEmpty()) {
            List<Object> columns = new ArrayList<>();
            for (int i = 0; i < groupBy.size(); i++) {
                Column column = groupBy.get(i);
                columns.add(
                        column.isPlain()
                                ? column.expression().trim()
                                : Map.of(column.requireName("groupBy", i), column.expression()));
            }
            step.put("groupBy", columns);
        }
        Map<String, Object> calls = new LinkedHashMap<>();
        for (int i = 0; i < aggregates.length; i++) {
            calls.put(aggregates[i].requireName("aggregate", i), aggregates[i].expression());
        }
        step.put("aggregate", calls);
        return pipeline.addStep(step);
    }

    /**
     * Spark's {@code mapGroupsWithState}: {@code function} returns one row of {@code outputSchema}
     * per key per batch, and per timeout. The group columns must be plain columns; no window.
     */
    public <S> PipelineBuilder mapGroupsWithState(
            Schema outputSchema,
            StateCodec<S> codec,
            GroupStateTimeout timeout,
            MapGroupsWithStateFunction<S> function) {
        return pipeline.addGroupState(
                new GroupStateStep(
                        "mapGroupsWithState",
                        keyNames("mapGroupsWithState"),
                        keys ->
                                GroupStateSteps.mapGroupsWithState(
                                        keys, outputSchema, codec, timeout, function)));
    }

    /**
     * Spark's {@code flatMapGroupsWithState}: {@code function} returns zero or more rows of {@code
     * outputSchema} per key per batch, and per timeout. The group columns must be plain columns; no
     * window.
     */
    public <S> PipelineBuilder flatMapGroupsWithState(
            Schema outputSchema,
            StateCodec<S> codec,
            GroupStateTimeout timeout,
            FlatMapGroupsWithStateFunction<S> function) {
        return pipeline.addGroupState(
                new GroupStateStep(
                        "flatMapGroupsWithState",
                        keyNames("flatMapGroupsWithState"),
                        keys ->
                                GroupStateSteps.flatMapGroupsWithState(
                                        keys, outputSchema, codec, timeout, function)));
    }

    private List<String> keyNames(String kind) {
        if (window != null) {
            throw new IllegalStateException(
                    kind
                            + " keeps state per key, not per window; expected no window (set"
                            + " timeouts in the function instead)");
        }
        List<String> names = new ArrayList<>();
        for (Column column : groupBy == null ? List.<Column>of() : groupBy) {
            if (!column.isPlain()) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s groups by column names, got %s; expected col(\"Name\"), or a"
                                        + " withColumn step before that computes the column",
                                kind, column));
            }
            names.add(column.expression().trim());
        }
        return names;
    }
}
