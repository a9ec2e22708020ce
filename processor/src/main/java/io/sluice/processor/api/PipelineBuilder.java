package io.sluice.processor.api;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineDocument;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * Builds a pipeline of rows step by step, as a pipeline file lists them: {@link #where}, {@link
 * #select}, {@link #withColumn}, {@link #drop}, {@link #explode}, {@link #dropDuplicates}, {@link
 * #groupBy} / {@link #window} then {@link GroupedRows#aggregate}, {@link #running}; group-state
 * steps through {@link GroupedRows}.
 *
 * <p>Calls check only their own arguments (a column without a name); the steps, expressions and
 * settings are checked by {@link #build()}, which compiles the document with the file compiler: the
 * same rules and messages as a file, naming {@code java:<name>} and the key path ({@code
 * steps[1].select.Points}) instead of a line. Not thread-safe.
 */
public final class PipelineBuilder {
    private final String name;
    private final List<Object> steps = new ArrayList<>();
    private final Map<String, Object> sourceTime = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private Source source;
    private Sink sink;
    private GroupStateStep groupState;
    private int groupStateIndex;
    private Duration idleTimeout = StatefulStage.DEFAULT_IDLE_TIMEOUT;
    private boolean advanceWatermarkWhenIdle;

    PipelineBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** What the pipeline reads. */
    public PipelineBuilder source(Source source) {
        this.source = Objects.requireNonNull(source, "source");
        return this;
    }

    /** Keeps the rows for which the boolean SQL expression is true. */
    public PipelineBuilder where(String condition) {
        return addStep(Map.of("where", condition));
    }

    /** Keeps these columns, in this order. */
    public PipelineBuilder select(String... columns) {
        return addStep(Map.of("select", List.copyOf(Arrays.asList(columns))));
    }

    /** Emits a row of these columns, each named: {@code col("A")}, {@code expr("x").as("B")}. */
    public PipelineBuilder select(Column... columns) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            mapping.put(columns[i].requireName("select", i), columns[i].expression());
        }
        return addStep(Map.of("select", mapping));
    }

    /** Adds the column {@code name} last, or replaces the column of that name in its place. */
    public PipelineBuilder withColumn(String name, String expression) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", name);
        value.put("expr", expression);
        return addStep(Map.of("withColumn", value));
    }

    /** Removes columns. */
    public PipelineBuilder drop(String... columns) {
        return addStep(Map.of("drop", List.copyOf(Arrays.asList(columns))));
    }

    /** One row per element of the array column, the element under the column's name. */
    public PipelineBuilder explode(String column) {
        return addStep(Map.of("explode", Map.of("column", column)));
    }

    /** One row per element of the array column, the element under the name {@code as}. */
    public PipelineBuilder explode(String column, String as) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("column", column);
        value.put("as", as);
        return addStep(Map.of("explode", value));
    }

    /** Passes the first row of each distinct row, as Spark's {@code dropDuplicates()}. */
    public PipelineBuilder dropDuplicates() {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("dropDuplicates", null);
        return addStep(step);
    }

    /** Passes the first row of each key, the values of {@code columns}. */
    public PipelineBuilder dropDuplicates(String... columns) {
        return addStep(Map.of("dropDuplicates", List.copyOf(Arrays.asList(columns))));
    }

    /**
     * Joins each row with {@code table} as {@code join} says: {@code join(customers,
     * Join.on("CustomerCardNo").left())}.
     */
    public PipelineBuilder join(Table table, Join join) {
        String name = "java:steps[" + steps.size() + "].join.schema";
        return addStep(Map.of("join", new JoinStep(table.kind(), table::section, join, name)));
    }

    /**
     * Joins the rows so far with a second Kafka stream as {@code join} says (a stream-stream join):
     * {@code join(Source.topic("clicks").format("json").schema(click).withWatermark("ClickedAt",
     * Duration.ofMinutes(20)), Join.on("AdID").left().between(Duration.ZERO,
     * Duration.ofHours(1)))}.
     */
    public PipelineBuilder join(Source stream, Join join) {
        String name = "java:steps[" + steps.size() + "].join.stream.schema";
        return addStep(Map.of("join", new JoinStep("stream", stream::section, join, name)));
    }

    /** Groups rows by the named columns, for an aggregation or a group-state step. */
    public GroupedRows groupBy(String... columns) {
        return new GroupedRows(this).groupBy(columns);
    }

    /** Groups rows by columns, plain or computed, for an aggregation or a group-state step. */
    public GroupedRows groupBy(Column... columns) {
        return new GroupedRows(this).groupBy(columns);
    }

    /** Groups rows by event-time window, for an aggregation. */
    public GroupedRows window(Window window) {
        return new GroupedRows(this).window(window);
    }

    /** Running totals over the closed windows of the aggregation right before. */
    public PipelineBuilder running(RunningTotal... totals) {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        for (int i = 0; i < totals.length; i++) {
            String column =
                    totals[i].name().orElseThrow(missingName("running", totals[i].expression()));
            functions
                    .computeIfAbsent(totals[i].function(), f -> new LinkedHashMap<>())
                    .put(column, totals[i].expression());
        }
        return addStep(Map.of("running", functions));
    }

    private static Supplier<IllegalArgumentException> missingName(String step, String expression) {
        return () ->
                new IllegalArgumentException(
                        String.format(
                                "%s total of %s has no name; expected .as(\"Name\")",
                                step, expression));
    }

    /**
     * Event time from {@code eventTimeField} (a long or timestamp-millis column of the source rows,
     * as decoded), and a watermark trailing the largest event time seen by {@code delay}.
     */
    public PipelineBuilder withWatermark(String eventTimeField, Duration delay) {
        sourceTime.put("timestamp", eventTimeField);
        sourceTime.put("watermark", FileValues.duration(delay));
        return this;
    }

    /** Event time from {@code field} of the source rows, without a watermark. */
    public PipelineBuilder eventTime(String field) {
        sourceTime.put("timestamp", field);
        return this;
    }

    /** How long a partition may deliver nothing before it stops holding the watermark back. */
    public PipelineBuilder idleTimeout(Duration timeout) {
        idleTimeout = timeout;
        sourceTime.put("idleTimeout", FileValues.duration(timeout));
        return this;
    }

    /** Moves the watermark on with the wall clock once every partition of a task is idle. */
    public PipelineBuilder advanceWatermarkWhenIdle() {
        advanceWatermarkWhenIdle = true;
        sourceTime.put("advanceWatermarkWhenIdle", true);
        return this;
    }

    /** The output mode; default as in a file (append, or update for some aggregations). */
    public PipelineBuilder outputMode(OutputMode mode) {
        settings.put("output", mode.name().toLowerCase());
        return this;
    }

    /** When batches run; default as fast as possible. */
    public PipelineBuilder trigger(Trigger trigger) {
        if (trigger instanceof Trigger.Interval interval) {
            settings.put("trigger", Map.of("interval", FileValues.duration(interval.interval())));
        } else if (trigger instanceof Trigger.AvailableNow) {
            settings.put("trigger", Map.of("availableNow", true));
        } else {
            settings.remove("trigger");
        }
        return this;
    }

    /** The most records one batch reads; default 100000. */
    public PipelineBuilder maxRecordsPerBatch(int records) {
        settings.put("maxRecordsPerBatch", records);
        return this;
    }

    /** What happens to a record that fails to decode, evaluate or encode; default dead-letter. */
    public PipelineBuilder onError(ErrorPolicy policy) {
        errors().put("policy", policy.name().toLowerCase().replace('_', '-'));
        return this;
    }

    /** The dead-letter topic; default {@code <name>-dlq}. */
    public PipelineBuilder deadLetterTopic(String topic) {
        errors().put("topic", topic);
        return this;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> errors() {
        return (Map<String, Object>)
                settings.computeIfAbsent("errors", k -> new LinkedHashMap<String, Object>());
    }

    /** Where the rows go. */
    public PipelineBuilder sink(Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /**
     * Compiles the pipeline.
     *
     * @throws io.sluice.processor.pipeline.PipelineFileException as a file with these steps would
     * @throws IllegalStateException when the source or sink is missing, or a group-state step meets
     *     another stateful step or an output mode
     */
    public StructuredPipeline build() {
        List<String> missing = new ArrayList<>();
        if (source == null) {
            missing.add("source(...)");
        }
        if (sink == null) {
            missing.add("sink(...)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    String.format(
                            "pipeline %s has no %s; expected both a source and a sink",
                            name, String.join(" and no ", missing)));
        }
        return groupState == null
                ? new StructuredPipeline(compile(steps, sink))
                : GroupStatePipeline.compile(this);
    }

    PipelineBuilder addStep(Object step) {
        steps.add(step);
        return this;
    }

    PipelineBuilder addGroupState(GroupStateStep step) {
        if (groupState != null) {
            throw new IllegalStateException(
                    String.format(
                            "a second group-state step (%s, after %s at steps[%d]); expected at"
                                    + " most one stateful step",
                            step.kind(), groupState.kind(), groupStateIndex));
        }
        groupState = step;
        groupStateIndex = steps.size();
        return this;
    }

    String name() {
        return name;
    }

    Source source() {
        return source;
    }

    GroupStateStep groupState() {
        return groupState;
    }

    /** The steps before the group-state step (all of them when there is none). */
    List<Object> stepsBefore() {
        return groupState == null ? steps : steps.subList(0, groupStateIndex);
    }

    /** The steps after the group-state step. */
    List<Object> stepsAfter() {
        return steps.subList(groupStateIndex, steps.size());
    }

    int groupStateIndex() {
        return groupStateIndex;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    boolean advancesWatermarkWhenIdle() {
        return advanceWatermarkWhenIdle;
    }

    Sink sink() {
        return sink;
    }

    Map<String, Object> settings() {
        return settings;
    }

    /** A join step as the document holds it; other steps as they are. */
    private static Object resolve(Object step, Map<String, Schema> given) {
        if (step instanceof Map<?, ?> map && map.get("join") instanceof JoinStep join) {
            return Map.of(
                    "join",
                    join.join().step(join.kind(), join.section().apply(join.schemaName(), given)));
        }
        return step;
    }

    /** A join step until the document is built: its input's schema object is given then. */
    private record JoinStep(
            String kind,
            BiFunction<String, Map<String, Schema>, Map<String, Object>> section,
            Join join,
            String schemaName) {}

    /** The pipeline's document with {@code steps} and {@code sink}, compiled. */
    CompiledPipeline compile(List<Object> steps, Sink sink) {
        Map<String, Schema> given = new LinkedHashMap<>();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name);
        Map<String, Object> sourceSection = source.section(given);
        sourceSection.putAll(sourceTime);
        document.put("source", sourceSection);
        document.putAll(settings);
        if (!steps.isEmpty()) {
            List<Object> resolved = new ArrayList<>(steps.size());
            for (Object step : steps) {
                resolved.add(resolve(step, given));
            }
            document.put("steps", resolved);
        }
        document.put("sink", sink.section(given));
        return sink.bind(PipelineDocument.compile(document, "java:" + name, Path.of(""), given));
    }
}
