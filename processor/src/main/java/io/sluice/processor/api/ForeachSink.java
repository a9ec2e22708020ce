package io.sluice.processor.api;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.plan.ForeachWriter;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.window.AggregationPlan;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A sink that calls a Java writer for each row: {@link Sink#foreach}. It has no pipeline-file form;
 * the document compiles with a console sink in its place, swapped for the writer afterwards.
 */
public final class ForeachSink extends Sink {
    private final ForeachWriter writer;

    ForeachSink(ForeachWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    Map<String, Object> section(Map<String, Schema> givenSchemas) {
        return Map.of("type", "console");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the pipeline retracts merged sessions: a writer gets rows,
     *     and would take a retraction for one more session
     */
    @Override
    CompiledPipeline bind(CompiledPipeline compiled) {
        boolean retracts =
                compiled.plan()
                        .stateful()
                        .flatMap(StatefulStage::aggregation)
                        .filter(AggregationPlan::retractsMerged)
                        .isPresent();
        if (retracts) {
            throw new IllegalStateException(
                    "window.retractMerged: a foreach writer gets rows and has no tombstone to"
                            + " take a retraction as; expected retractMerged(false), or a Kafka"
                            + " sink with a key");
        }
        return withSink(compiled, new SinkPlan.Foreach(writer));
    }

    /** {@code compiled} with {@code sink} in its plan. */
    static CompiledPipeline withSink(CompiledPipeline compiled, SinkPlan sink) {
        PipelinePlan plan = compiled.plan();
        return new CompiledPipeline(
                compiled.file(),
                new PipelinePlan(
                        plan.name(),
                        plan.source(),
                        plan.operators(),
                        sink,
                        plan.trigger(),
                        plan.errors(),
                        plan.maxRecordsPerBatch(),
                        plan.stateful()),
                compiled.timestampField(),
                compiled.watermark(),
                compiled.outputMode(),
                compiled.sinkSubject());
    }
}
