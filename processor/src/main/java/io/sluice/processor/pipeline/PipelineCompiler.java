package io.sluice.processor.pipeline;

import io.sluice.processor.RowOperator;
import io.sluice.processor.operator.Operators;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pipeline compiler reads a pipeline file top to bottom, validating each section against what
 * came before (steps against the source schema, the sink against the last step's rows), and builds
 * the plan.
 */
final class PipelineCompiler {

    static final List<String> KEYS =
            List.of(
                    "name",
                    "source",
                    "output",
                    "trigger",
                    "maxRecordsPerBatch",
                    "errors",
                    "steps",
                    "sink");

    private final String file;
    private final Supplier<YamlNode> document;
    private final PipelineResources resources;
    private final boolean hasLines;

    PipelineCompiler(Path file, Optional<RegistryAccess> registry) {
        this(
                file.toString(),
                () -> YamlDocument.read(file, file.toString()),
                new PipelineResources(
                        file.getParent() != null ? file.getParent() : Path.of(""),
                        Map.of(),
                        registry),
                true);
    }

    /**
     * A compiler of the document {@code document} reads.
     *
     * @param file how errors and the plan name the document
     * @param hasLines whether the document's lines mean something to its author (false for YAML
     *     generated from code)
     */
    PipelineCompiler(
            String file,
            Supplier<YamlNode> document,
            PipelineResources resources,
            boolean hasLines) {
        this.file = file;
        this.document = document;
        this.resources = resources;
        this.hasLines = hasLines;
    }

    CompiledPipeline compile() {
        YamlNode root = document.get();
        YamlMapping top = root.mapping(KEYS, "a mapping with name, source, steps and sink");
        String name = name(top.required("name", Names.PIPELINE_EXPECTED));
        SourceSection source =
                SourceSection.read(
                        top.required("source", "a mapping with topic, format and schema"),
                        name,
                        resources);
        Trigger trigger =
                top.optional("trigger")
                        .map(PipelineCompiler::trigger)
                        .orElse(new Trigger.AsFastAsPossible());
        int maxRecords =
                top.optional("maxRecordsPerBatch")
                        .map(YamlNode::positiveInt)
                        .orElse(PipelinePlan.DEFAULT_MAX_RECORDS_PER_BATCH);
        ErrorHandling errors =
                top.optional("errors")
                        .map(PipelineCompiler::errors)
                        .orElse(ErrorHandling.defaults());
        List<YamlNode> steps = steps(top);
        boolean aggregating = StepCompiler.hasAggregation(steps);
        AggregationContext aggregationContext = AggregationContext.of(source, top.optional("sink"));
        OutputMode output =
                outputMode(
                        top.optional("output"),
                        aggregating,
                        StepCompiler.hasWindowlessAggregation(steps),
                        StepCompiler.hasWindowlessAggregationBy(
                                steps, aggregationContext.watermarkedColumn()),
                        source.watermark().isPresent(),
                        appendOnlyStep(steps));
        StepCompiler.Compiled compiled =
                StepCompiler.compile(
                        steps,
                        source.plan().schema(),
                        Operators.recordName(name),
                        output,
                        hasLines,
                        resources,
                        source.watermark(),
                        aggregationContext,
                        source.table());
        if (source.table() && compiled.joined().isEmpty()) {
            throw top.required("source", "a source")
                    .anyMapping("a source")
                    .errorAtKey(
                            "table",
                            "a table source needs a table-table join; expected a join step"
                                    + " with table:, or no table: true");
        }
        SinkSection sink =
                SinkSection.read(
                        top.required("sink", "a mapping with topic and format"),
                        compiled.output(),
                        resources);
        if (source.table()
                && !(sink.plan() instanceof SinkPlan.Kafka kafka && kafka.key() != null)) {
            throw top.required("sink", "a sink")
                    .error(
                            "a table-table join writes the changes of a table, each under its"
                                    + " key; expected a Kafka sink with key, such as key:"
                                    + " CustomerCardNo");
        }
        PipelinePlan plan =
                new PipelinePlan(
                        name,
                        compiled.joined().map(source.plan()::withJoined).orElse(source.plan()),
                        operators(compiled, sink, false),
                        sink.plan(),
                        trigger,
                        errors,
                        maxRecords,
                        compiled.stateful()
                                .map(
                                        operator ->
                                                new StatefulStage(
                                                        operator,
                                                        source.eventTime(),
                                                        source.watermark(),
                                                        source.idleTimeout(),
                                                        source.advanceWatermarkWhenIdle(),
                                                        operators(compiled, sink, true))));
        TopicLoopCheck.check(top, plan);
        return new CompiledPipeline(
                file,
                plan,
                source.timestampField(),
                source.watermark(),
                output,
                sink.registrySubject());
    }

    /**
     * The stateless operators before the stateful step, or after it when {@code after}; the sink's
     * conversion to its schema, if any, runs last: after the stateful step when there is one.
     */
    private static List<RowOperator> operators(
            StepCompiler.Compiled steps, SinkSection sink, boolean after) {
        List<RowOperator> operators = new ArrayList<>(after ? steps.after() : steps.before());
        if (steps.stateful().isPresent() == after) {
            sink.conform().ifPresent(operators::add);
        }
        return operators;
    }

    private static List<YamlNode> steps(YamlMapping top) {
        return top.optional("steps")
                .map(n -> n.list("a list of steps, such as - where: ..."))
                .orElse(List.of());
    }

    private static String name(YamlNode node) {
        String name = node.text(Names.PIPELINE_EXPECTED);
        if (!Names.isValidPipeline(name)) {
            throw node.error(
                    "'"
                            + name
                            + "' is not a valid pipeline name; expected "
                            + Names.PIPELINE_EXPECTED);
        }
        return name;
    }

    private static Trigger trigger(YamlNode node) {
        YamlMapping trigger =
                node.mapping(
                        List.of("interval", "availableNow", "minInterval"),
                        "a mapping such as {interval: 1s}, {availableNow: true} or"
                                + " {minInterval: 10ms}");
        Optional<YamlNode> interval = trigger.optional("interval");
        Optional<YamlNode> availableNow = trigger.optional("availableNow");
        Optional<YamlNode> minInterval = trigger.optional("minInterval");
        int given =
                (interval.isPresent() ? 1 : 0)
                        + (availableNow.isPresent() ? 1 : 0)
                        + (minInterval.isPresent() ? 1 : 0);
        if (given > 1) {
            throw trigger.errorAtKey(
                    availableNow.isPresent() ? "availableNow" : "minInterval",
                    "give one of interval, availableNow and minInterval; expected one of them");
        }
        if (minInterval.isPresent()) {
            return new Trigger.AsFastAsPossible(minInterval.get().duration());
        }
        if (interval.isPresent()) {
            Duration every = interval.get().duration();
            if (every.isZero()) {
                throw interval.get()
                        .error(
                                "the interval is zero; expected a positive duration, or no trigger for as fast as possible");
            }
            return new Trigger.Interval(every);
        }
        if (availableNow.isPresent() && availableNow.get().bool()) {
            return new Trigger.AvailableNow();
        }
        return new Trigger.AsFastAsPossible();
    }

    private static ErrorHandling errors(YamlNode node) {
        YamlMapping errors =
                node.mapping(List.of("policy", "topic"), "a mapping with policy (and topic)");
        Map<String, ErrorPolicy> policies = new LinkedHashMap<>();
        policies.put("dead-letter", ErrorPolicy.DEAD_LETTER);
        policies.put("skip", ErrorPolicy.SKIP);
        policies.put("fail", ErrorPolicy.FAIL);
        ErrorPolicy policy =
                errors.optional("policy")
                        .map(p -> p.choice(policies))
                        .orElse(ErrorPolicy.DEAD_LETTER);
        Optional<YamlNode> topic = errors.optional("topic");
        if (topic.isPresent() && policy != ErrorPolicy.DEAD_LETTER) {
            throw topic.get()
                    .error(
                            "a dead-letter topic is set but the policy is "
                                    + errors.optional("policy").get().text("a policy")
                                    + "; expected no topic, or policy dead-letter");
        }
        return new ErrorHandling(policy, topic.map(SourceSection::topic).orElse(null));
    }

    /** Why the stateful step of {@code steps} allows output mode append only, if it does. */
    private static Optional<String> appendOnlyStep(List<YamlNode> steps) {
        if (StepCompiler.hasStep(steps, DedupeStep.KIND)) {
            return Optional.of("dropDuplicates emits each first row once");
        }
        if (StepCompiler.hasStreamJoin(steps)) {
            return Optional.of("a stream-stream join emits each joined row once");
        }
        return Optional.empty();
    }

    /**
     * The output mode: given, or the default (append for stateless steps; for an aggregation,
     * append with a window and a watermark, update otherwise), checked against the steps and the
     * watermark; {@code closedByTime} says a windowless aggregation groups by the watermarked
     * column, which allows append.
     */
    private static OutputMode outputMode(
            Optional<YamlNode> node,
            boolean aggregating,
            boolean windowless,
            boolean closedByTime,
            boolean watermark,
            Optional<String> appendOnly) {
        if (node.isEmpty()) {
            return aggregating && (windowless || !watermark)
                    ? OutputMode.UPDATE
                    : OutputMode.APPEND;
        }
        Map<String, OutputMode> modes = new LinkedHashMap<>();
        modes.put("append", OutputMode.APPEND);
        modes.put("update", OutputMode.UPDATE);
        modes.put("complete", OutputMode.COMPLETE);
        OutputMode mode = node.get().choice(modes);
        String text = node.get().text("an output mode");
        if (!aggregating && appendOnly.isPresent() && mode != OutputMode.APPEND) {
            throw node.get()
                    .error(
                            "output mode '"
                                    + text
                                    + "' needs an aggregation step, and "
                                    + appendOnly.get()
                                    + "; expected append");
        }
        if (!aggregating && mode != OutputMode.APPEND) {
            throw node.get()
                    .error(
                            "output mode '"
                                    + text
                                    + "' needs an aggregation step, and this pipeline's steps are"
                                    + " all stateless; expected append");
        }
        if (aggregating && mode == OutputMode.APPEND && windowless && !closedByTime) {
            throw node.get()
                    .error(
                            "output mode 'append' emits a row once the watermark closes its"
                                    + " window, and an aggregation without a window never closes"
                                    + " a group (the watermark cannot tell that a group is"
                                    + " complete); expected output update or complete, a"
                                    + " window in the aggregation step, or the watermarked"
                                    + " source.timestamp column in its groupBy");
        }
        if (aggregating && mode == OutputMode.APPEND && !watermark) {
            throw node.get()
                    .error(
                            "output mode 'append' emits each window once the watermark passes its"
                                    + " end, and this pipeline has no watermark; expected"
                                    + " source.watermark (such as watermark: 10m), or output"
                                    + " update or complete");
        }
        return mode;
    }
}
