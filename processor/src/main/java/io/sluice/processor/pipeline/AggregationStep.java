package io.sluice.processor.pipeline;

import io.sluice.processor.aggregate.AggregateException;
import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The aggregation step is the one list item of {@code steps} that holds several keys: {@code
 * window}, {@code groupBy} and {@code aggregate}. It compiles into an {@link AggregationPlan} over
 * the rows the steps before it emit; without {@code window} it aggregates per group alone ({@link
 * WindowSpec.Global}).
 */
final class AggregationStep {

    /** The keys of an aggregation step; any of them makes a list item one. */
    static final List<String> KEYS = List.of("window", "groupBy", "aggregate");

    private static final String AGGREGATE_EXPECTED =
            "a mapping of output column to aggregate call, such as {Sales: \"sum(TotalValue)\","
                    + " Invoices: \"count(*)\"}";

    private static final String GROUP_EXPECTED =
            "a list of column names or Name: expression items, such as [StoreID]";

    private final Schema input;

    /** Output column name to where it was defined, for collisions. */
    private final Map<String, String> outputNames = new HashMap<>();

    private AggregationStep(Schema input) {
        this.input = input;
    }

    /** Whether the aggregation step {@code step} has no window: one row per group. */
    static boolean isWindowless(YamlMapping step) {
        return !step.has("window");
    }

    /**
     * Whether the aggregation step {@code step} has no window and groups by the plain column {@code
     * column}: with a watermark on that column, the watermark closes its groups.
     */
    static boolean groupsWithoutWindowBy(YamlMapping step, String column) {
        if (!isWindowless(step) || !step.has("groupBy")) {
            return false;
        }
        YamlNode groupBy = step.required("groupBy", GROUP_EXPECTED);
        for (YamlNode item : groupBy.scalarOrList(GROUP_EXPECTED)) {
            if (!item.isMapping() && column.equals(item.text(GROUP_EXPECTED).trim())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the list item {@code step} is an aggregation step. */
    static boolean isAggregation(YamlMapping step) {
        for (String key : KEYS) {
            if (step.has(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compiles the aggregation step {@code step} for rows of {@code input}.
     *
     * @param recordName the name of the record schema of the rows it emits
     * @param outputMode the pipeline's output mode, already checked against its watermark
     * @param context the watermarked column and the sink, as far as the step depends on them
     */
    static AggregationPlan compile(
            YamlMapping step,
            Schema input,
            String recordName,
            OutputMode outputMode,
            AggregationContext context) {
        return new AggregationStep(input).plan(step, recordName, outputMode, context);
    }

    private AggregationPlan plan(
            YamlMapping step,
            String recordName,
            OutputMode outputMode,
            AggregationContext context) {
        WindowSpec window =
                step.optional("window").map(WindowSection::read).orElse(new WindowSpec.Global());
        if (!(window instanceof WindowSpec.Global)) {
            outputNames.put(AggregationPlan.WINDOW_START, "the window's start column");
            outputNames.put(AggregationPlan.WINDOW_END, "the window's end column");
        }
        List<GroupColumn> groupBy = step.optional("groupBy").map(this::groupBy).orElse(List.of());
        List<CompiledAggregate> aggregates =
                aggregates(step.required("aggregate", AGGREGATE_EXPECTED));
        try {
            return new AggregationPlan(
                            recordName,
                            window,
                            groupBy,
                            aggregates,
                            outputMode,
                            context.watermarkedColumn())
                    .withRetractMerged(retractMerged(step, window, outputMode, context));
        } catch (IllegalArgumentException e) {
            // The names were checked above; this is a safety net, not an expected path.
            throw step.error(e.getMessage());
        }
    }

    /**
     * Whether to retract the rows of merged sessions: as {@code window.retractMerged} says, by
     * default when the output is update mode and the sink writes tombstones under a key.
     */
    private static boolean retractMerged(
            YamlMapping step,
            WindowSpec window,
            OutputMode outputMode,
            AggregationContext context) {
        boolean updatesSessions =
                window instanceof WindowSpec.Session && outputMode == OutputMode.UPDATE;
        Optional<YamlNode> given = step.optional("window").flatMap(WindowSection::retractMerged);
        if (given.isEmpty()) {
            return updatesSessions && context.keyedSink();
        }
        if (!given.get().bool()) {
            return false;
        }
        if (!updatesSessions) {
            throw given.get()
                    .error(
                            "retractMerged withdraws the rows of sessions that merged, which only"
                                    + " update mode emits; append emits each session once it is"
                                    + " closed and complete emits every session each batch;"
                                    + " expected output: update, or no retractMerged");
        }
        if (!context.keyedSink() && !context.consoleSink()) {
            throw given.get()
                    .error(
                            "a retraction is a tombstone under the sink's key, and this sink has"
                                    + " no key; expected a Kafka sink with key (such as key:"
                                    + " \"concat(UserID, '@', window_start)\"), or retractMerged:"
                                    + " false");
        }
        return true;
    }

    private List<GroupColumn> groupBy(YamlNode node) {
        List<GroupColumn> columns = new ArrayList<>();
        for (YamlNode item : node.scalarOrList(GROUP_EXPECTED)) {
            GroupColumn column = item.isMapping() ? namedGroup(item) : columnGroup(item);
            claim(column.name(), item);
            columns.add(column);
        }
        return columns;
    }

    /** A group column that is a column of the input: {@code StoreID}. */
    private GroupColumn columnGroup(YamlNode item) {
        String name = item.text("a column name, or Name: expression").trim();
        if (input.getField(name) != null) {
            return new GroupColumn(name, Expressions.compile(item, input));
        }
        if (Names.isValidField(name)) {
            throw item.error(SourceSection.unknownColumn(name, input));
        }
        throw item.error(
                "'"
                        + name
                        + "' is not a column, and an expression needs the name of its output"
                        + " column; expected Name: expression, such as - City: \"upper(City)\"");
    }

    /** A group column computed by an expression: {@code Day: "CAST(CreatedTime AS DATE)"}. */
    private GroupColumn namedGroup(YamlNode item) {
        YamlMapping mapping = item.anyMapping("Name: expression");
        List<YamlMapping.Entry> entries = mapping.entries();
        if (entries.size() != 1) {
            throw item.error(
                    "a group item with "
                            + entries.size()
                            + " keys; expected one Name: expression per item");
        }
        YamlMapping.Entry entry = entries.get(0);
        checkColumnName(mapping, entry.key());
        CompiledExpression expression = Expressions.compile(entry.value(), input);
        return new GroupColumn(entry.key(), expression);
    }

    private List<CompiledAggregate> aggregates(YamlNode node) {
        YamlMapping mapping = node.anyMapping(AGGREGATE_EXPECTED);
        Map<String, String> specs = new LinkedHashMap<>();
        for (YamlMapping.Entry entry : mapping.entries()) {
            checkColumnName(mapping, entry.key());
            claimKey(mapping, entry.key());
            specs.put(entry.key(), entry.value().text("an aggregate call such as sum(TotalValue)"));
        }
        if (specs.isEmpty()) {
            throw node.error("no aggregates; expected " + AGGREGATE_EXPECTED);
        }
        try {
            return AggregateSpec.compile(specs, input);
        } catch (AggregateException e) {
            YamlNode value = mapping.required(e.outputName(), "an aggregate call");
            throw value.error(reason(e), e);
        }
    }

    /** The exception's message without its "aggregate NAME: " prefix, which the key path says. */
    private static String reason(AggregateException e) {
        String prefix = "aggregate " + e.outputName() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private void claim(String name, YamlNode node) {
        Optional<String> taken = taken(name);
        if (taken.isPresent()) {
            throw node.error(collision(name, taken.get()));
        }
        outputNames.put(name, "a group column");
    }

    private void claimKey(YamlMapping mapping, String name) {
        Optional<String> taken = taken(name);
        if (taken.isPresent()) {
            throw mapping.errorAtKey(name, collision(name, taken.get()));
        }
        outputNames.put(name, "an aggregate");
    }

    private Optional<String> taken(String name) {
        return Optional.ofNullable(outputNames.get(name));
    }

    private static String collision(String name, String owner) {
        return "output column '"
                + name
                + "' is already "
                + owner
                + "; expected distinct names for the group columns, "
                + AggregationPlan.WINDOW_START
                + ", "
                + AggregationPlan.WINDOW_END
                + " and the aggregates";
    }

    private static void checkColumnName(YamlMapping mapping, String name) {
        if (!Names.isValidField(name)) {
            throw mapping.errorAtKey(
                    name,
                    "'" + name + "' is not a valid column name; expected " + Names.FIELD_EXPECTED);
        }
    }
}
