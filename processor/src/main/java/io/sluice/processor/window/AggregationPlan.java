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
 * An aggregation plan is a compiled windowed aggregation step: the window, the group-by columns,
 * the aggregates and the output mode, and the schema of the rows it emits: the group columns,
 * {@code window_start} and {@code window_end} (timestamp-millis), then the aggregates.
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
     *     name (the window columns included), or a name is not a valid Avro name
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

    private List<Schema.Field> outputFields() {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (GroupColumn column : groupBy) {
            fields.add(field(unique(names, column.name()), column.expression().resultSchema()));
        }
        Schema timestamp =
                LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        fields.add(field(unique(names, WINDOW_START), timestamp));
        fields.add(field(unique(names, WINDOW_END), timestamp));
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
