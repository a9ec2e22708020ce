package io.sluice.cli;

import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice run PIPELINE.yaml}: runs one pipeline until stopped (SIGTERM finishes the batch in
 * flight, commits or aborts it, and exits 0), or with {@code availableNow} until the input present
 * at start is processed.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a pipeline. With no cluster configured it starts a local Kafka broker.",
            "Exit codes: 0 stopped or done; 1 failed (fenced, or a bad record under the fail"
                    + " policy); 2 invalid pipeline file or configuration."
        })
final class RunCommand implements Callable<Integer> {
    static final String INSTANCE_ENV = "SLUICE_INSTANCE_ID";

    @Parameters(paramLabel = "PIPELINE.yaml", description = "The pipeline file.")
    Path pipeline;

    @Mixin ClusterOptions cluster;

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            description = {
                "Names this instance among those running the pipeline; keep it stable across",
                "restarts (default: $SLUICE_INSTANCE_ID, else the host name)."
            })
    String instanceId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {
                "Where stateful steps keep their local RocksDB state, a cache of their changelog",
                "topics (default: $SLUICE_HOME/state, ~/.sluice/state)."
            })
    Path stateDirectory;

    @Spec CommandSpec spec;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean exiting;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PipelinePlan plan = PipelineFile.compile(pipeline);
        String bootstrap = cluster.resolve(out);
        Path state =
                stateDirectory != null ? stateDirectory : SluiceHome.directory().resolve("state");
        PipelineRunner runner =
                new PipelineRunner(
                        plan,
                        EngineSettings.of(bootstrap, instanceId()).withStateDirectory(state),
                        System.out);
        Thread hook = new Thread(() -> stopOnSignal(runner), "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PipelineRunner.Outcome outcome = runner.run();
            out.printf("Pipeline %s %s: %s%n", plan.name(), describe(outcome), runner.totals());
            return outcome == PipelineRunner.Outcome.FINISHED
                    ? SluiceMain.EXIT_OK
                    : SluiceMain.EXIT_FAILED;
        } finally {
            exiting = true;
            finished.countDown();
        }
    }

    /** On SIGTERM: let the batch in flight end, then exit 0 (not the JVM's 143). */
    private void stopOnSignal(PipelineRunner runner) {
        if (exiting) {
            return; // the run ended by itself and the JVM is exiting with its own code
        }
        runner.stop();
        try {
            if (finished.await(60, TimeUnit.SECONDS)) {
                System.out.flush();
                Runtime.getRuntime().halt(SluiceMain.EXIT_OK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(PipelineRunner.Outcome outcome) {
        return switch (outcome) {
            case FINISHED -> "finished";
            case FENCED -> "stopped: fenced by another instance";
            case FAILED_RECORD -> "stopped by the fail error policy";
        };
    }

    private String instanceId() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        String fromEnv = System.getenv(INSTANCE_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return hostName().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (java.io.IOException e) {
            return "sluice";
        }
    }
}
