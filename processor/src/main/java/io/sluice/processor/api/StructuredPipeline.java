package io.sluice.processor.api;

import io.sluice.processor.RowOperator;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/** A pipeline built in Java and compiled: its plan, ready to run or print. */
public final class StructuredPipeline {
    private final CompiledPipeline compiled;

    StructuredPipeline(CompiledPipeline compiled) {
        this.compiled = Objects.requireNonNull(compiled, "compiled");
    }

    /** The plan the engine runs. */
    public PipelinePlan plan() {
        return compiled.plan();
    }

    /** The plan with the settings as given, as {@code sluice validate} prints a file's. */
    public CompiledPipeline compiled() {
        return compiled;
    }

    /** The plan as {@code sluice validate} prints it. */
    public String describe() {
        return compiled.describe();
    }

    /** The schema of the rows the sink receives (in the sink's schema when it names one). */
    public Schema outputSchema() {
        PipelinePlan plan = compiled.plan();
        if (plan.stateful().isPresent()) {
            StatefulStage stage = plan.stateful().get();
            return last(stage.after(), stage.operator().outputSchema());
        }
        return last(plan.operators(), plan.source().schema());
    }

    private static Schema last(List<RowOperator> operators, Schema otherwise) {
        return operators.isEmpty() ? otherwise : operators.get(operators.size() - 1).outputSchema();
    }

    /**
     * Runs the pipeline on the calling thread until it is stopped from another thread (through a
     * {@link #runner}), or, with the availableNow trigger, until the input present at start is
     * processed; status lines go to standard output.
     *
     * @throws io.sluice.processor.ConfigException when the cluster does not fit the pipeline
     */
    public PipelineRunner.Outcome run(EngineSettings settings) {
        return runner(settings, System.out).run();
    }

    /** A runner of this pipeline, to run on a thread of the caller's and stop later. */
    public PipelineRunner runner(EngineSettings settings, PrintStream console) {
        return new PipelineRunner(compiled.plan(), settings, console);
    }
}
