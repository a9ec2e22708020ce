package io.sluice.processor.engine;

import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.stateful.WindowOperator;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.WindowSpec;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/** Stateful pipelines built in code, so engine tests do not need the file compiler. */
final class WindowedPipelines {
    static final Map<String, String> JSON_OPTIONS =
            Map.of("timestampFormat", "yyyy-MM-dd HH:mm:ss");

    private WindowedPipelines() {}

    /**
     * JSON rows of {@code schema} from {@code input}; windowed aggregation on {@code timeField}
     * (watermarked when {@code watermark} is set, as a file's {@code source.timestamp} is); JSON
     * rows of the aggregation to {@code output}; an availableNow trigger (one batch per run).
     */
    static PipelinePlan plan(
            String name,
            String input,
            String output,
            Schema schema,
            String timeField,
            WindowSpec window,
            List<String> groupBy,
            Map<String, String> aggregates,
            OutputMode mode,
            Optional<Duration> watermark) {
        List<GroupColumn> groups = new ArrayList<>();
        for (String column : groupBy) {
            groups.add(new GroupColumn(column, ExpressionCompiler.compile(column, schema)));
        }
        AggregationPlan aggregation =
                new AggregationPlan(
                        "Result",
                        window,
                        groups,
                        AggregateSpec.compile(new LinkedHashMap<>(aggregates), schema),
                        mode,
                        watermark.map(delay -> timeField));
        StatefulStage stage =
                new StatefulStage(
                        new WindowOperator(aggregation),
                        new StatefulStage.EventTime.SourceField(
                                timeField, schema.getField(timeField).pos()),
                        watermark,
                        StatefulStage.DEFAULT_IDLE_TIMEOUT,
                        false,
                        List.of());
        return json(name, input, output, schema, JSON_OPTIONS, stage, new Trigger.AvailableNow());
    }

    /**
     * JSON rows of {@code schema} (read with {@code jsonOptions}) from {@code input}; {@code
     * stage}; JSON rows of its output to {@code output}.
     */
    static PipelinePlan json(
            String name,
            String input,
            String output,
            Schema schema,
            Map<String, String> jsonOptions,
            StatefulStage stage,
            Trigger trigger) {
        FormatSpec json = FormatSpec.of("json", jsonOptions, Path.of("."));
        SourcePlan source =
                new SourcePlan(
                        List.of(input),
                        "json",
                        schema,
                        () -> Codecs.decoder(json, schema),
                        SourcePlan.StartingOffsets.EARLIEST);
        Schema out = stage.operator().outputSchema();
        SinkPlan sink =
                new SinkPlan.Kafka(
                        output,
                        "json",
                        out,
                        () -> Codecs.encoder(json, out),
                        null,
                        Map.of(),
                        true,
                        true);
        return new PipelinePlan(
                name,
                source,
                List.of(),
                sink,
                trigger,
                ErrorHandling.defaults(),
                PipelinePlan.DEFAULT_MAX_RECORDS_PER_BATCH,
                Optional.of(stage));
    }

    /**
     * {@code plan} with its watermark moving on with the wall clock once its partitions have been
     * idle for {@code idleTimeout}.
     */
    static PipelinePlan quietAdvancing(PipelinePlan plan, Duration idleTimeout) {
        StatefulStage stage = plan.stateful().orElseThrow();
        return new PipelinePlan(
                plan.name(),
                plan.source(),
                plan.operators(),
                plan.sink(),
                plan.trigger(),
                plan.errors(),
                plan.maxRecordsPerBatch(),
                Optional.of(
                        new StatefulStage(
                                stage.operator(),
                                stage.eventTime(),
                                stage.watermarkDelay(),
                                idleTimeout,
                                true,
                                stage.after())));
    }
}
