package io.sluice.processor.window;

import io.sluice.processor.aggregate.AggregateFunction;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.plan.OutputMode;
import io.sluice.serdes.Schemas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * An aggregation plan is a compiled aggregation step: the window, the group-by columns, the
 * aggregates and the output mode, and the schema of the rows it emits: the group columns, {@code
 * window_start} and {@code window_end} (timestamp-millis; left out without a window), then the
 * aggregates.
 *
 * <p>Without a window, a group column that is the watermarked event-time column itself (a plain
 * read of it, a timestamp) makes the watermark close groups, as Structured Streaming's {@code
 * groupBy(eventTime)} on a watermarked column does: a group is final once the watermark reaches its
 * time ({@code time <= watermark}), and a record of a group the watermark in effect has reached is
 * late. Such a group is kept as the one-millisecond window {@code [time - 1, time)}, so that the
 * rule is the windows' {@code end <= watermark}; its rows carry no window columns.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AggregationPlan {
    /** The output column holding a window's start. */
    public static final String WINDOW_START = "window_start";

    /** The output column holding a window's end. */
    public static final String WINDOW_END = "window_end";

    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final WindowSpec window;
    private final List<GroupColumn> groupBy;
    private final List<CompiledAggregate> aggregates;
    private final OutputMode outputMode;
    private final Schema outputSchema;
    private final Schema groupSchema;
    private final int eventTimeGroup; // -1: the watermark closes no group by its time
    private final boolean retractMerged;

    /**
     * A plan whose rows are records named {@code recordName}, with no watermarked column.
     *
     * @throws IllegalArgumentException as {@link #AggregationPlan(String, WindowSpec, List, List,
     *     OutputMode, Optional)} does
     */
    public AggregationPlan(
            String recordName,
            WindowSpec window,
            List<GroupColumn> groupBy,
            List<CompiledAggregate> aggregates,
            OutputMode outputMode) {
        this(recordName, window, groupBy, aggregates, outputMode, Optional.empty());
    }

    /**
     * A plan whose rows are records named {@code recordName}, over input whose watermark follows
     * the column {@code watermarkedColumn} (empty: no watermark, or event time from elsewhere).
     *
     * @throws IllegalArgumentException when there are no aggregates, or two output columns share a
     *     name (the window columns included), or a name is not a valid Avro name, or the output
     *     mode is append without a window and without a group on the watermarked column (which
     *     would never emit)
     */
    public AggregationPlan(
            String recordName,
            WindowSpec window,
            List<GroupColumn> groupBy,
            List<CompiledAggregate> aggregates,
            OutputMode outputMode,
            Optional<String> watermarkedColumn) {
        this.window = Objects.requireNonNull(window, "window");
        this.groupBy = List.copyOf(groupBy);
        this.aggregates = List.copyOf(aggregates);
        this.outputMode = Objects.requireNonNull(outputMode, "outputMode");
        this.eventTimeGroup =
                window instanceof WindowSpec.Global
                        ? eventTimeGroup(this.groupBy, watermarkedColumn)
                        : -1;
        this.retractMerged = false;
        if (window instanceof WindowSpec.Global
                && outputMode == OutputMode.APPEND
                && eventTimeGroup < 0) {
            throw new IllegalArgumentException(
                    "append mode emits a row once the watermark closes its window, and an"
                            + " aggregation without a window is never closed unless it groups by"
                            + " the watermarked event-time column; use update or complete mode");
        }
        if (this.aggregates.isEmpty()) {
            throw new IllegalArgumentException(
                    "an aggregation needs at least one aggregate, such as Count: count(*)");
        }
        checkName("record", recordName);
        this.outputSchema = Schema.createRecord(recordName, null, null, false, outputFields());
        List<Schema.Field> groupFields = new ArrayList<>();
        for (GroupColumn column : this.groupBy) {
            groupFields.add(field(column.name(), column.expression().resultSchema()));
        }
        this.groupSchema =
                Schema.createRecord(recordName + "Group", null, null, false, groupFields);
    }

    private AggregationPlan(AggregationPlan plan, boolean retractMerged) {
        this.window = plan.window;
        this.groupBy = plan.groupBy;
        this.aggregates = plan.aggregates;
        this.outputMode = plan.outputMode;
        this.outputSchema = plan.outputSchema;
        this.groupSchema = plan.groupSchema;
        this.eventTimeGroup = plan.eventTimeGroup;
        this.retractMerged = retractMerged;
    }

    /**
     * This plan, retracting the rows of merged sessions when {@code retract}: when sessions merge
     * or a session's bounds change, the rows emitted for the sessions it replaces are emitted again
     * as {@link Retraction}s, just before the new session's row.
     *
     * @throws IllegalArgumentException when {@code retract} and the plan is not of session windows
     *     in update mode (append emits closed sessions only, complete emits every session)
     */
    public AggregationPlan withRetractMerged(boolean retract) {
        if (retract && (!isSession() || outputMode != OutputMode.UPDATE)) {
            throw new IllegalArgumentException(
                    "retracting merged sessions applies to session windows in update mode only;"
                            + " append emits a session once it is closed, complete emits every"
                            + " session each batch");
        }
        return new AggregationPlan(this, retract);
    }

    /**
     * Whether the rows of sessions replaced by a merge are retracted; see {@link
     * #withRetractMerged}.
     */
    public boolean retractsMerged() {
        return retractMerged;
    }

    /** The window spec. */
    public WindowSpec window() {
        return window;
    }

    /** The group-by columns, in order; empty for one group. */
    public List<GroupColumn> groupBy() {
        return groupBy;
    }

    /** The aggregates, in output order. */
    public List<CompiledAggregate> aggregates() {
        return aggregates;
    }

    /** The output mode. */
    public OutputMode outputMode() {
        return outputMode;
    }

    /** The schema of the emitted rows. */
    public Schema outputSchema() {
        return outputSchema;
    }

    /** A record schema of the group columns, for encoding group keys. */
    Schema groupSchema() {
        return groupSchema;
    }

    /** The aggregate functions, in output order. */
    public List<AggregateFunction> functions() {
        List<AggregateFunction> functions = new ArrayList<>(aggregates.size());
        for (CompiledAggregate aggregate : aggregates) {
            functions.add(aggregate.function());
        }
        return functions;
    }

    /** Whether the windows are sessions, merged per group. */
    public boolean isSession() {
        return window instanceof WindowSpec.Session;
    }

    /** Whether the rows carry window columns: false for {@link WindowSpec.Global}. */
    public boolean isWindowed() {
        return !(window instanceof WindowSpec.Global);
    }

    /**
     * The group column, without a window, that is the watermarked event-time column, whose time
     * closes its group; empty with a window or when no group column is that column.
     */
    public Optional<GroupColumn> eventTimeGroup() {
        return eventTimeGroup < 0 ? Optional.empty() : Optional.of(groupBy.get(eventTimeGroup));
    }

    /** The position of {@link #eventTimeGroup()} in the group columns, or -1. */
    int eventTimeGroupIndex() {
        return eventTimeGroup;
    }

    /**
     * Whether the watermark closes windows (or groups by their event time): records late for a
     * closed window are dropped, and closed windows are evicted. False in complete mode, and
     * without a window unless a group column is the watermarked column.
     */
    boolean closesWindows() {
        return outputMode != OutputMode.COMPLETE && (isWindowed() || eventTimeGroup >= 0);
    }

    /**
     * The group column that reads {@code column} as it is, a timestamp, or -1: only then is the
     * group's value the watermarked event time.
     */
    private static int eventTimeGroup(List<GroupColumn> groupBy, Optional<String> column) {
        if (column.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < groupBy.size(); i++) {
            GroupColumn group = groupBy.get(i);
            Schema type = Schemas.nonNull(group.expression().resultSchema());
            if (group.name().equals(column.get())
                    && group.expression().sql().trim().equals(column.get())
                    && type.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether sliding windows can be kept as panes (see {@link PaneGrid}): the slide is shorter
     * than the size, and every aggregate subtracts exactly, so that a window's value can slide from
     * one window to the next.
     */
    public boolean panesApply() {
        if (!(window instanceof WindowSpec.Sliding sliding)
                || sliding.slide().equals(sliding.size())) {
            return false;
        }
        for (CompiledAggregate aggregate : aggregates) {
            if (!aggregate.function().isExactlyInvertible()) {
                return false;
            }
        }
        return true;
    }

    private List<Schema.Field> outputFields() {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (GroupColumn column : groupBy) {
            fields.add(field(unique(names, column.name()), column.expression().resultSchema()));
        }
        if (isWindowed()) {
            Schema timestamp =
                    LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            fields.add(field(unique(names, WINDOW_START), timestamp));
            fields.add(field(unique(names, WINDOW_END), timestamp));
        }
        for (CompiledAggregate aggregate : aggregates) {
            fields.add(
                    field(
                            unique(names, aggregate.outputName()),
                            aggregate.function().resultSchema()));
        }
        return fields;
    }

    private static String unique(Set<String> names, String name) {
        checkName("column", name);
        if (!names.add(name)) {
            throw new IllegalArgumentException(
                    "the output column '"
                            + name
                            + "' appears twice; group columns, "
                            + WINDOW_START
                            + ", "
                            + WINDOW_END
                            + " and aggregates need distinct names");
        }
        return name;
    }

    private static Schema.Field field(String name, Schema schema) {
        boolean nullFirst =
                schema.getType() == Schema.Type.UNION
                        && schema.getTypes().get(0).getType() == Schema.Type.NULL;
        return nullFirst
                ? new Schema.Field(name, schema, null, JsonProperties.NULL_VALUE)
                : new Schema.Field(name, schema);
    }

    private static void checkName(String what, String name) {
        if (name == null || !AVRO_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "the "
                            + what
                            + " name '"
                            + name
                            + "' is not a valid Avro name; use letters, digits and _");
        }
    }
}
