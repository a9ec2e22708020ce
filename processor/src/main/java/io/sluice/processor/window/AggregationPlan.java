package io.sluice.processor.window;

import io.sluice.processor.aggregate.AggregateFunction;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.plan.OutputMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

    /**
     * A plan whose rows are records named {@code recordName}.
     *
     * @throws IllegalArgumentException when there are no aggregates, or two output columns share a
     *     name (the window columns included), or a name is not a valid Avro name, or the output
     *     mode is append without a window (which would never emit)
     */
    public AggregationPlan(
            String recordName,
            WindowSpec window,
            List<GroupColumn> groupBy,
            List<CompiledAggregate> aggregates,
            OutputMode outputMode) {
        this.window = Objects.requireNonNull(window, "window");
        this.groupBy = List.copyOf(groupBy);
        this.aggregates = List.copyOf(aggregates);
        this.outputMode = Objects.requireNonNull(outputMode, "outputMode");
        if (window instanceof WindowSpec.Global && outputMode == OutputMode.APPEND) {
            throw new IllegalArgumentException(
                    "append mode emits a row once the watermark closes its window, and an"
                            + " aggregation without a window is never closed; use update or"
                            + " complete mode");
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
     * Whether the watermark closes windows: records late for a closed window are dropped, and
     * closed windows are evicted. False in complete mode and without a window.
     */
    boolean closesWindows() {
        return outputMode != OutputMode.COMPLETE && isWindowed();
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
