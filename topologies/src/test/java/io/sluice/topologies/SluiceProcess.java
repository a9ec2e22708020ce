package io.sluice.topologies;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import java.nio.file.Path;
import java.util.List;

/** Runs {@code sluice run PIPELINE} in a JVM of its own, as a deployment would. */
final class SluiceProcess {
    private SluiceProcess() {}

    static JvmProcess run(KafkaCluster kafka, Path pipeline, String instanceId, Path log) {
        return JvmProcess.start(
                "io.sluice.cli.SluiceMain",
                List.of(
                        "run",
                        pipeline.toString(),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--instance-id",
                        instanceId),
                log);
    }
}
