package io.sluice.processor.pipeline;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.JoinedStream;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.WindowOperator;
import io.sluice.processor.window.AggregationPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The step compiler turns the {@code steps} list into row operators ({@link RowSteps}, joins with a
 * table or file), each compiled against the schema of the rows the step before it emits, and the
 * stateful step, if there is one (an aggregation, perhaps with running totals, a dropDuplicates, a
 * stream-stream or table-table join), into its operator; the steps after it are compiled against
 * its rows.
 */
final class StepCompiler {

    /** The stateless step kinds this version runs, in the order the reference lists them. */
    static final List<String> KINDS =
            List.of(
                    "where",
                    "select",
                    "withColumn",
                    "drop",
                    "explode",
                    JoinStep.KIND,
                    DedupeStep.KIND,
                    RunningStep.KIND);

    /** Step kinds of later versions: rejected as not supported yet, never silently ignored. */
    static final List<String> LATER_KINDS =
            List.of("mapGroupsWithState", "flatMapGroupsWithState", "union", "foreachBatch");

    /** The steps this version runs, for error messages. */
    static final String STEPS =
            String.join(", ", KINDS) + ", or an aggregation (window, groupBy, aggregate)";

    private static final String EXPECTED_STEP = "a mapping with one step: " + STEPS;

    /**
     * The compiled steps.
     *
     * @param before the stateless steps before the stateful step; all of them when there is none
     * @param stateful the stateful step's operator, if there is one
     * @param after the stateless steps over the stateful step's rows
     * @param output the schema of the rows the last step emits
     */
    record Compiled(
            List<RowOperator> before,
            Optional<StatefulOperator> stateful,
            List<RowOperator> after,
            Schema output,
            Optional<JoinedStream> joined) {}

    private final String recordName;
    private final OutputMode outputMode;
    private final List<RowOperator> before = new ArrayList<>();
    private final List<RowOperator> after = new ArrayList<>();
    private final boolean hasLines;
    private final PipelineResources resources;
    private final Optional<Duration> sourceWatermark;
    private final AggregationContext aggregationContext;
    private final boolean tableSource;
    private JoinedStream joined;
    private AggregationPlan aggregation;
    private String aggregationPlace;
    private StatefulOperator stateful;
    private String statefulKind;
    private String statefulPlace;
    private String runningPlace;
    private Schema schema;

    private StepCompiler(
            Schema input,
            String recordName,
            OutputMode outputMode,
            boolean hasLines,
            PipelineResources resources,
            Optional<Duration> sourceWatermark,
            AggregationContext aggregationContext,
            boolean tableSource) {
        this.schema = input;
        this.resources = resources;
        this.sourceWatermark = sourceWatermark;
        this.aggregationContext = aggregationContext;
        this.tableSource = tableSource;
        this.recordName = recordName;
        this.outputMode = outputMode;
        this.hasLines = hasLines;
    }

    /** Whether one of {@code steps} is an aggregation step (looking at its keys only). */
    static boolean hasAggregation(List<YamlNode> steps) {
        for (YamlNode step : steps) {
            if (step.isMapping() && AggregationStep.isAggregation(step.anyMapping("a step"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of {@code steps} is an aggregation step without a window. */
    static boolean hasWindowlessAggregation(List<YamlNode> steps) {
        for (YamlNode step : steps) {
            if (step.isMapping()) {
                YamlMapping mapping = step.anyMapping("a step");
                if (AggregationStep.isAggregation(mapping)
                        && AggregationStep.isWindowless(mapping)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether one of {@code steps} is an aggregation step without a window that groups by the plain
     * column {@code column} (the watermarked event-time column), so the watermark closes groups.
     */
    static boolean hasWindowlessAggregationBy(List<YamlNode> steps, Optional<String> column) {
        for (YamlNode step : steps) {
            if (column.isPresent()
                    && step.isMapping()
                    && AggregationStep.groupsWithoutWindowBy(
                            step.anyMapping("a step"), column.get())) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of {@code steps} is a stream-stream join (a join step with a stream). */
    static boolean hasStreamJoin(List<YamlNode> steps) {
        for (YamlNode step : steps) {
            if (step.isMapping()) {
                Optional<YamlNode> join = step.anyMapping("a step").optional(JoinStep.KIND);
                if (join.isPresent()
                        && join.get().isMapping()
                        && join.get().anyMapping("a join").has("stream")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether one of {@code steps} is a step of {@code kind} (looking at its keys only). */
    static boolean hasStep(List<YamlNode> steps, String kind) {
        for (YamlNode step : steps) {
            if (step.isMapping() && step.anyMapping("a step").has(kind)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compiles the steps, in order, starting from rows of {@code input}.
     *
     * @param recordName the name of the record schemas steps build
     * @param outputMode the pipeline's output mode, which an aggregation step runs in
     * @param hasLines whether the document's lines mean something to its author (a file's do; a
     *     document built in code names its steps by key path instead)
     * @param resources where the files a step names are found (a join's schema or file)
     * @param sourceWatermark the source's watermark delay, which a stream-stream join needs
     * @param watermarkedColumn the event-time column of a source with a watermark, whose groups an
     *     aggregation without a window closes
     * @param tableSource whether the source is read as a table: the one step is a table join
     */
    static Compiled compile(
            List<YamlNode> steps,
            Schema input,
            String recordName,
            OutputMode outputMode,
            boolean hasLines,
            PipelineResources resources,
            Optional<Duration> sourceWatermark,
            AggregationContext aggregationContext,
            boolean tableSource) {
        StepCompiler compiler =
                new StepCompiler(
                        input,
                        recordName,
                        outputMode,
                        hasLines,
                        resources,
                        sourceWatermark,
                        aggregationContext,
                        tableSource);
        for (YamlNode step : steps) {
            compiler.add(step);
        }
        return new Compiled(
                compiler.before,
                Optional.ofNullable(compiler.stateful),
                compiler.after,
                compiler.schema,
                Optional.ofNullable(compiler.joined));
    }

    private void add(YamlNode step) {
        YamlMapping mapping = step.anyMapping(EXPECTED_STEP);
        List<YamlMapping.Entry> entries = mapping.entries();
        if (entries.isEmpty()) {
            throw step.error("an empty step; expected " + EXPECTED_STEP);
        }
        if (AggregationStep.isAggregation(mapping)) {
            aggregate(mapping);
            return;
        }
        for (YamlMapping.Entry entry : entries) {
            checkKind(mapping, entry.key());
        }
        if (entries.size() > 1) {
            throw mapping.errorAtKey(
                    entries.get(1).key(),
                    "a second step kind in one list item (after '"
                            + entries.get(0).key()
                            + "'); expected each step in its own list item, such as - where: ...");
        }
        YamlMapping.Entry entry = entries.get(0);
        if (tableSource) {
            tableJoin(mapping, entry);
            return;
        }
        if (entry.key().equals(DedupeStep.KIND)) {
            dropDuplicates(mapping, entry.value());
            return;
        }
        if (entry.key().equals(RunningStep.KIND)) {
            running(mapping, entry.value());
            return;
        }
        if (entry.key().equals(JoinStep.KIND)
                && entry.value().isMapping()
                && entry.value().anyMapping("a join").has("stream")) {
            streamJoin(mapping, entry.value());
            return;
        }
        RowOperator operator = operator(entry.key(), entry.value());
        (stateful == null ? before : after).add(operator);
        schema = operator.outputSchema();
    }

    private void aggregate(YamlMapping step) {
        if (aggregation != null) {
            throw step.errorAtKey(
                    firstAggregationKey(step),
                    "a second aggregation step (the first is at "
                            + aggregationPlace
                            + "); more than one aggregation in a pipeline is not supported yet;"
                            + " expected at most one aggregation step");
        }
        requireFirstStateful(step, firstAggregationKey(step), "an aggregation");
        for (String key : step.keys()) {
            checkAggregationKey(step, key);
        }
        aggregation =
                AggregationStep.compile(step, schema, recordName, outputMode, aggregationContext);
        aggregationPlace = place(step);
        schema = aggregation.outputSchema();
        stateful = new WindowOperator(aggregation);
        statefulKind = "an aggregation";
        statefulPlace = aggregationPlace;
    }

    private void dropDuplicates(YamlMapping step, YamlNode value) {
        requireFirstStateful(step, DedupeStep.KIND, DedupeStep.KIND);
        stateful = DedupeStep.compile(step, value, schema);
        statefulKind = DedupeStep.KIND;
        statefulPlace = place(step);
    }

    /** The one step of a table source: a table-table join. */
    private void tableJoin(YamlMapping step, YamlMapping.Entry entry) {
        if (stateful != null) {
            throw step.errorAtKey(
                    entry.key(),
                    "a step after a table-table join (at "
                            + statefulPlace
                            + "); its changes go to the sink as they are; expected no more steps");
        }
        if (!entry.key().equals(JoinStep.KIND)) {
            throw step.errorAtKey(
                    entry.key(),
                    "step '"
                            + entry.key()
                            + "' on a table source (table: true); expected one join step with"
                            + " table: a table-table join");
        }
        TableJoinStep.Compiled join =
                TableJoinStep.compile(entry.value(), schema, recordName, resources);
        joinWith(step, join.operator(), join.table(), "a table-table join");
    }

    /** A stream-stream join: the left rows become join input, the join is the stateful step. */
    private void streamJoin(YamlMapping step, YamlNode value) {
        requireFirstStateful(step, JoinStep.KIND, "a stream-stream join");
        StreamJoinStep.Compiled join =
                StreamJoinStep.compile(value, schema, recordName, resources, sourceWatermark);
        before.add(join.leftInput());
        joinWith(step, join.operator(), join.stream(), "a stream-stream join");
    }

    /** Makes a join the stateful step, reading {@code input} as its second input. */
    private void joinWith(
            YamlMapping step, StatefulOperator operator, JoinedStream input, String kind) {
        stateful = operator;
        statefulKind = kind;
        statefulPlace = place(step);
        joined = input;
        schema = operator.outputSchema();
    }

    /** Running totals wrap the aggregation's operator: part of the same stateful step. */
    private void running(YamlMapping step, YamlNode value) {
        if (aggregation == null) {
            throw step.errorAtKey(
                    RunningStep.KIND,
                    "running totals add up the closed windows of an aggregation, and no"
                            + " aggregation step comes before; expected a windowed aggregation"
                            + " step (window, groupBy, aggregate) right before it");
        }
        if (!(stateful instanceof WindowOperator window)) {
            throw step.errorAtKey(
                    RunningStep.KIND,
                    "a second running step (the first is at "
                            + runningPlace
                            + "); expected one running step, with all its columns");
        }
        if (!after.isEmpty()) {
            throw step.errorAtKey(
                    RunningStep.KIND,
                    "running totals take the aggregation's rows as they are, and other steps"
                            + " come between it and this one (at "
                            + aggregationPlace
                            + "); expected the running step right after the aggregation step,"
                            + " once");
        }
        stateful = RunningStep.compile(step, value, window, recordName, outputMode);
        runningPlace = place(step);
        schema = stateful.outputSchema();
    }

    /** Where {@code step} is, for messages about a later step: its line, or its key path. */
    private String place(YamlMapping step) {
        return hasLines ? "line " + step.location().line() : step.path();
    }

    /** Rejects a second stateful step: the engine runs one per pipeline. */
    private void requireFirstStateful(YamlMapping step, String key, String kind) {
        if (stateful == null) {
            return;
        }
        throw step.errorAtKey(
                key,
                "a second stateful step ("
                        + kind
                        + ", after "
                        + statefulKind
                        + " at "
                        + statefulPlace
                        + "); a pipeline has at most one stateful step (dropDuplicates, an"
                        + " aggregation or a stream-stream join); expected one of them, with"
                        + " stateless steps before and after it");
    }

    private static String firstAggregationKey(YamlMapping step) {
        for (String key : step.keys()) {
            if (AggregationStep.KEYS.contains(key)) {
                return key;
            }
        }
        throw new IllegalStateException("not an aggregation step: " + step.keys());
    }

    /** Rejects a key of an aggregation step's list item that is not window, groupBy, aggregate. */
    private static void checkAggregationKey(YamlMapping step, String key) {
        if (AggregationStep.KEYS.contains(key)) {
            return;
        }
        if (LATER_KINDS.contains(key)) {
            checkKind(step, key);
        }
        if (KINDS.contains(key)) {
            throw step.errorAtKey(
                    key,
                    "step '"
                            + key
                            + "' in the list item of an aggregation step; expected each step in its"
                            + " own list item, such as - "
                            + key
                            + ": ...");
        }
        throw step.errorAtKey(
                key,
                "unknown key of an aggregation step"
                        + Spelling.didYouMean(key, AggregationStep.KEYS)
                        + "; expected "
                        + String.join(", ", AggregationStep.KEYS));
    }

    private static void checkKind(YamlMapping mapping, String kind) {
        if (LATER_KINDS.contains(kind)) {
            throw mapping.errorAtKey(
                    kind, "step '" + kind + "' is not supported yet; expected one of " + STEPS);
        }
        if (!KINDS.contains(kind)) {
            List<String> all = new ArrayList<>(KINDS);
            all.addAll(AggregationStep.KEYS);
            all.addAll(LATER_KINDS);
            throw mapping.errorAtKey(
                    kind,
                    "unknown step" + Spelling.didYouMean(kind, all) + "; expected one of " + STEPS);
        }
    }

    private RowOperator operator(String kind, YamlNode value) {
        switch (kind) {
            case "where":
                return RowSteps.where(value, schema);
            case "select":
                return RowSteps.select(value, schema, recordName);
            case "withColumn":
                return RowSteps.withColumn(value, schema, recordName);
            case "drop":
                return RowSteps.drop(value, schema, recordName);
            case JoinStep.KIND:
                return JoinStep.compile(value, schema, recordName, resources);
            default:
                return RowSteps.explode(value, schema, recordName);
        }
    }
}
