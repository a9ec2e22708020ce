package io.sluice.processor.pipeline;

import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline file compiled: the plan the engine runs, and the event-time settings and output mode
 * as the file gives them (an aggregation's plan holds them too; a stateless pipeline's are
 * validated but unused).
 *
 * @param file the pipeline file as it was named to the compiler
 * @param plan the validated plan
 * @param timestampField the source field that carries event time; empty for the Kafka record
 *     timestamp
 * @param watermark how late event time may be (the allowed delay); empty when not set
 * @param outputMode which result rows each batch emits, given or defaulted
 * @param sinkSubject where a sink with a schema registry registered its schema
 */
public record CompiledPipeline(
        String file,
        PipelinePlan plan,
        Optional<String> timestampField,
        Optional<Duration> watermark,
        OutputMode outputMode,
        Optional<SinkSubject> sinkSubject) {

    public CompiledPipeline {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(timestampField, "timestampField");
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(outputMode, "outputMode");
        Objects.requireNonNull(sinkSubject, "sinkSubject");
    }

    /** A pipeline whose sink uses no schema registry. */
    public CompiledPipeline(
            String file,
            PipelinePlan plan,
            Optional<String> timestampField,
            Optional<Duration> watermark,
            OutputMode outputMode) {
        this(file, plan, timestampField, watermark, outputMode, Optional.empty());
    }

    /** The plan in readable text: source, steps with their output schemas, sink, settings. */
    public String describe() {
        return PlanPrinter.print(this);
    }
}
