package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.cli.config.ServiceConfigLoader;
import io.sluice.processor.ConfigException;
import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice validate PIPELINE.yaml}: compiles a pipeline file and prints its plan, or the first
 * problem with its line and key, without connecting to Kafka. A pipeline with a schema registry
 * asks the registry (configured as for {@code run}) for its source schemas and checks its sink
 * schemas against their subjects, registering nothing.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a pipeline file and prints its plan.",
            "The plan shows the source, the steps with their output schemas and the sink.",
            "Exits 0 when it is valid, 2 when it is not. Connects to no Kafka cluster; a",
            "pipeline with registry: asks the schema registry of the service configuration",
            "(--config FILE, $SLUICE_CONFIG, SLUICE_SCHEMA_REGISTRY_URL) for its source",
            "schemas and checks its sink schemas, registering nothing."
        })
final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE.yaml", description = "The pipeline file.")
    Path pipeline;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = {
                "Service configuration, for the schema registry (default: $SLUICE_CONFIG, else",
                "config/sluice.yaml of the installation when present)."
            })
    Path config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CompiledPipeline compiled;
        try {
            ServiceConfigLoader loader = new ServiceConfigLoader();
            ServiceConfig settings =
                    loader.load(
                            loader.locate(config, Optional.of(SluiceHome.installation())),
                            Map.of());
            compiled = PipelineFile.load(pipeline, SchemaRegistries.access(settings, false));
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
