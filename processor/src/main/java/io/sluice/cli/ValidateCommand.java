package io.sluice.cli;

import io.sluice.processor.ConfigException;
import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice validate PIPELINE.yaml}: compiles a pipeline file and prints its plan, or the first
 * problem with its line and key, without connecting to Kafka.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a pipeline file and prints its plan: source, steps with their output",
            "schemas, sink. Exits 0 when it is valid, 2 when it is not. Connects to nothing."
        })
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE.yaml", description = "The pipeline file.")
    Path pipeline;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CompiledPipeline compiled;
        try {
            compiled = PipelineFile.load(pipeline);
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.commandLine().getColorScheme().errorText("sluice: " + e.getMessage()));
            err.flush();
            return SluiceMain.EXIT_INVALID;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(compiled.describe());
        out.printf("%s is valid.%n", pipeline);
        out.flush();
        return SluiceMain.EXIT_OK;
    }
}
