package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.cli.config.ServiceConfigLoader;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice reset PIPELINE.yaml}: makes the pipeline's next run start over, as {@code
 * kafka-streams-application-reset} does for a Kafka Streams application; refused while an instance
 * runs it.
 */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Makes a pipeline's next run start over from its source's startingOffsets.",
            "Deletes its consumer group (the committed offsets), its internal topics",
            "(changelogs, repartition, batch plan log, checkpoint) and its local state in the",
            "state directory of this machine. Its source, sink and dead-letter topics stay as",
            "they are, so a run after a reset writes its output again.",
            "Refused, with exit code 1, while an instance runs the pipeline (its consumer group",
            "has members). Reads the cluster and state directory as `run` does."
        })
final class ResetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PIPELINE.yaml", description = "The pipeline file.")
    Path pipeline;

    @Mixin ClusterOptions cluster;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "The state directory `run` uses (default: $SLUICE_HOME/state).")
    Path stateDirectory;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = {
                "Service configuration (default: $SLUICE_CONFIG, else",
                "config/sluice.yaml of the installation when present)."
            })
    Path config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ServiceConfig settings = loadConfig();
        PipelinePlan plan =
                PipelineFile.load(pipeline, SchemaRegistries.access(settings, false)).plan();
        String bootstrap = cluster.connect(out, settings);
        Path stateRoot =
                settings.stateDirectory().orElseGet(() -> SluiceHome.directory().resolve("state"));
        PipelineReset.Outcome outcome;
        try {
            outcome = new PipelineReset(bootstrap, settings.kafka()).reset(plan.name(), stateRoot);
        } catch (PipelineRunningException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.commandLine().getColorScheme().errorText("sluice: " + e.getMessage()));
            err.flush();
            return SluiceMain.EXIT_FAILED;
        }
        out.printf(
                "Reset pipeline %s: %s; %s; %s.%n",
                plan.name(),
                outcome.hadOffsets()
                        ? "deleted consumer group '" + plan.name() + "' (its committed offsets)"
                        : "no committed offsets",
                outcome.topics().isEmpty()
                        ? "no internal topics"
                        : "deleted internal topics " + String.join(", ", outcome.topics()),
                outcome.hadLocalState()
                        ? "deleted local state " + stateRoot.resolve(plan.name())
                        : "no local state in " + stateRoot);
        out.printf(
                "Its next run reads %s from the %s offsets (startingOffsets); the sink topic"
                        + " keeps what earlier runs wrote.%n",
                String.join(", ", plan.source().allTopics()),
                plan.source().startingOffsets().toString().toLowerCase(Locale.ROOT));
        out.flush();
        return SluiceMain.EXIT_OK;
    }

    private ServiceConfig loadConfig() {
        ServiceConfigLoader loader = new ServiceConfigLoader();
        Map<String, String> options = new HashMap<>();
        if (stateDirectory != null) {
            options.put("state.dir", stateDirectory.toString());
        }
        return loader.load(loader.locate(config, Optional.of(SluiceHome.installation())), options);
    }
}
