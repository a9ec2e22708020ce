package io.sluice.processor.api;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.plan.ForeachWriter;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
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

    @Override
    CompiledPipeline bind(CompiledPipeline compiled) {
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
