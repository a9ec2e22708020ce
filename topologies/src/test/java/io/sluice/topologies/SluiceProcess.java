package io.sluice.topologies;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code sluice run PIPELINE} in a JVM of its own, as a deployment would. Its HTTP endpoint
 * takes a free port (unless {@code --http-port} is among the extra arguments), so instances and
 * parallel builds on one machine never collide on 8080.
 */
final class SluiceProcess {
    private SluiceProcess() {}

    static JvmProcess run(
            KafkaCluster kafka, Path pipeline, String instanceId, Path log, String... extraArgs) {
        return run(kafka, pipeline, instanceId, log, Map.of(), extraArgs);
    }

    /** As {@link #run(KafkaCluster, Path, String, Path, String...)} with more variables. */
    static JvmProcess run(
            KafkaCluster kafka,
            Path pipeline,
            String instanceId,
            Path log,
            Map<String, String> environment,
            String... extraArgs) {
        List<String> args = new ArrayList<>();
        args.addAll(
                List.of(
                        "run",
                        pipeline.toString(),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--instance-id",
                        instanceId));
        args.addAll(List.of(extraArgs));
        if (!args.contains("--http-port")) {
            args.addAll(List.of("--http-port", "0"));
        }
        // as an orchestrator restarts an instance that found no broker, a test process waits for
        // one that is restarting on a starved machine longer than the 10 s default
        Map<String, String> variables = new HashMap<>(environment);
        variables.putIfAbsent("SLUICE_CLUSTER_CONNECT_TIMEOUT_MS", "120000");
        return JvmProcess.start("io.sluice.cli.SluiceMain", args, variables, log);
    }
}
