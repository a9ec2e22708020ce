package io.sluice.processor.pipeline;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.Trigger;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The plan printer renders a compiled pipeline as text for {@code sluice validate}: the source and
 * its schema, each step with the schema of the rows it emits, the sink and the settings.
 */
final class PlanPrinter {
    private final StringBuilder text = new StringBuilder();

    private PlanPrinter() {}

    static String print(CompiledPipeline pipeline) {
        PlanPrinter printer = new PlanPrinter();
        printer.pipeline(pipeline);
        return printer.text.toString();
    }

    private void pipeline(CompiledPipeline pipeline) {
        PipelinePlan plan = pipeline.plan();
        line("pipeline %s (%s)", plan.name(), pipeline.file());
        source(pipeline);
        line("steps");
        int number = 1;
        for (RowOperator operator : plan.operators()) {
            line("  %d. %s", number++, operator);
            line("     -> %s", schema(operator.outputSchema()));
        }
        if (plan.operators().isEmpty()) {
            line("  (none: rows go to the sink as they are read)");
        }
        sink(plan.sink());
        line("trigger: %s", trigger(plan.trigger()));
        line("output mode: %s", pipeline.outputMode().name().toLowerCase());
        line("max records per batch: %d", plan.maxRecordsPerBatch());
        line("errors: %s", errors(plan));
    }

    private void source(CompiledPipeline pipeline) {
        SourcePlan source = pipeline.plan().source();
        line("source");
        line("  topics: %s", String.join(", ", source.topics()));
        line("  format: %s", source.format());
        line("  starting offsets: %s", source.startingOffsets().name().toLowerCase());
        line("  schema: %s", source.schema().getFullName());
        for (Schema.Field field : source.schema().getFields()) {
            line("    %s %s", field.name(), TypeNames.of(field.schema()));
        }
        line(
                "  event time: %s%s",
                pipeline.timestampField().orElse("the Kafka record timestamp"),
                pipeline.watermark().map(w -> ", watermark " + DurationText.format(w)).orElse(""));
    }

    private void sink(SinkPlan sink) {
        line("sink");
        if (sink instanceof SinkPlan.Console console) {
            line("  console, at most %d rows per batch", console.maxRows());
            return;
        }
        SinkPlan.Kafka kafka = (SinkPlan.Kafka) sink;
        line(
                "  topic: %s%s",
                kafka.topic(), kafka.createTopic() ? " (created if missing)" : " (must exist)");
        line("  format: %s", kafka.format());
        line("  schema: %s", schema(kafka.schema()));
        line("  key: %s", kafka.key() == null ? "the input record's key" : kafka.key());
        StringBuilder headers =
                new StringBuilder(
                        kafka.passHeaders() ? "input headers passed" : "input headers dropped");
        for (Map.Entry<String, String> header : kafka.headers().entrySet()) {
            headers.append(", set ").append(header.getKey()).append('=').append(header.getValue());
        }
        line("  headers: %s", headers);
    }

    private static String schema(Schema schema) {
        return schema.getFullName() + " {" + TypeNames.fields(schema) + "}";
    }

    private static String trigger(Trigger trigger) {
        if (trigger instanceof Trigger.Interval interval) {
            return "every " + DurationText.format(interval.interval());
        }
        if (trigger instanceof Trigger.AvailableNow) {
            return "available now (process what is there, then stop)";
        }
        return "as fast as possible";
    }

    private static String errors(PipelinePlan plan) {
        ErrorPolicy policy = plan.errors().policy();
        if (policy == ErrorPolicy.DEAD_LETTER) {
            return "dead-letter to topic " + plan.deadLetterTopic();
        }
        return policy == ErrorPolicy.SKIP ? "skip (counted)" : "fail (stop the pipeline)";
    }

    private void line(String format, Object... args) {
        text.append(String.format(format, args)).append('\n');
    }
}
