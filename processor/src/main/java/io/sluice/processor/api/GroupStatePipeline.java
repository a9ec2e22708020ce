package io.sluice.processor.api;

import io.sluice.processor.RowOperator;
import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineDocument;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.groupstate.GroupStateSteps;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Compiles a pipeline with a group-state step, which has no file syntax: the file compiler compiles
 * the steps before it (with the source and settings) and, in a second document, the steps after it
 * and the sink over the function's rows; the group-state stage joins the two.
 */
final class GroupStatePipeline {
    /** The text that stands for the group-state step's output schema in the second document. */
    private static final String OUTPUT_SCHEMA = "java:group-state.output";

    private GroupStatePipeline() {}

    static StructuredPipeline compile(PipelineBuilder builder) {
        GroupStateStep step = builder.groupState();
        String path = "steps[" + builder.groupStateIndex() + "]";
        if (builder.settings().containsKey("output")) {
            throw new IllegalStateException(
                    String.format(
                            "%s.%s emits the rows its function returns, and output modes are for"
                                    + " aggregations; expected no outputMode(...)",
                            path, step.kind()));
        }
        CompiledPipeline before = builder.compile(builder.stepsBefore(), Sink.console());
        if (before.plan().stateful().isPresent()) {
            throw new IllegalStateException(
                    String.format(
                            "%s.%s: a stateful step comes before it; a pipeline has at most one"
                                    + " stateful step (an aggregation, dropDuplicates or a"
                                    + " group-state step)",
                            path, step.kind()));
        }
        PipelinePlan prefix = before.plan();
        StatefulOperator operator = step.compile(last(prefix), path);
        PipelinePlan after = after(builder, step, operator.outputSchema());
        StatefulStage stage =
                GroupStateSteps.stage(
                        operator, eventTime(before), before.watermark(), after.operators());
        StatefulStage timed =
                new StatefulStage(
                        stage.operator(),
                        stage.eventTime(),
                        stage.watermarkDelay(),
                        builder.idleTimeout(),
                        builder.advancesWatermarkWhenIdle(),
                        stage.after());
        PipelinePlan plan =
                new PipelinePlan(
                        prefix.name(),
                        prefix.source(),
                        prefix.operators(),
                        after.sink(),
                        prefix.trigger(),
                        prefix.errors(),
                        prefix.maxRecordsPerBatch(),
                        Optional.of(timed));
        return new StructuredPipeline(
                new CompiledPipeline(
                        before.file(),
                        plan,
                        before.timestampField(),
                        before.watermark(),
                        before.outputMode(),
                        before.sinkSubject()));
    }

    /**
     * The steps after the group-state step and the sink, compiled over the function's rows; with
     * the source's topics and the errors section, so the sink's topic meets the file's checks
     * against them.
     */
    private static PipelinePlan after(PipelineBuilder builder, GroupStateStep step, Schema rows) {
        Map<String, Object> source = new LinkedHashMap<>(builder.source().topics());
        if (source.isEmpty()) {
            // A file, rate or socket source reads the internal <name>-ingest topic, which the
            // sink cannot be (the sink is checked against internal topics anyway); this compile
            // only needs some source topic to check the sink against.
            source.put("topic", builder.name() + ".group-state-input");
        }
        source.put("format", "avro");
        source.put("schema", OUTPUT_SCHEMA);
        Map<String, Schema> given = new LinkedHashMap<>();
        given.put(OUTPUT_SCHEMA, rows);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", builder.name());
        document.put("source", source);
        if (builder.settings().containsKey("errors")) {
            document.put("errors", builder.settings().get("errors"));
        }
        List<Object> steps = builder.stepsAfter();
        if (!steps.isEmpty()) {
            document.put("steps", List.copyOf(steps));
        }
        document.put("sink", builder.sink().section(given));
        String name = "java:" + builder.name() + " (after " + step.kind() + ")";
        return builder.sink()
                .bind(PipelineDocument.compile(document, name, Path.of(""), given))
                .plan();
    }

    private static Schema last(PipelinePlan plan) {
        List<RowOperator> operators = plan.operators();
        return operators.isEmpty()
                ? plan.source().schema()
                : operators.get(operators.size() - 1).outputSchema();
    }

    private static EventTime eventTime(CompiledPipeline before) {
        Schema source = before.plan().source().schema();
        return before.timestampField()
                .<EventTime>map(f -> new EventTime.SourceField(f, source.getField(f).pos()))
                .orElse(new EventTime.RecordTimestamp());
    }
}
