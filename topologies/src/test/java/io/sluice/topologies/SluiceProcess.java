package io.sluice.topologies;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code sluice run PIPELINE} in a JVM of its own, as a deployment would. */
final class SluiceProcess {
    private SluiceProcess() {}

    static JvmProcess run(
            KafkaCluster kafka, Path pipeline, String instanceId, Path log, String... extraArgs) {
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
        return JvmProcess.start("io.sluice.cli.SluiceMain", args, log);
    }
}
