package io.sluice.localbroker;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the child JVM: formats the log directory on first start, then runs {@code
 * kafka.Kafka}.
 *
 * <p>Arguments: {@code CONFIG_FILE DATA_DIR CLUSTER_ID [PARENT_PID]}. With a parent pid the broker
 * halts as soon as that process is gone, so a test JVM that is killed leaves no broker behind.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BrokerMain CONFIG_FILE DATA_DIR CLUSTER_ID [PARENT_PID]");
            System.exit(2);
        }
        String config = args[0];
        Path dataDir = Path.of(args[1]);
        String clusterId = args[2];
        if (args.length > 3) {
            exitWithParent(Long.parseLong(args[3]));
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(config, clusterId);
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static void format(String config, String clusterId) {
        PrintStream out = System.out;
        int exitCode =
                kafka.tools.StorageTool.execute(
                        new String[] {"format", "-t", clusterId, "-c", config}, out);
        if (exitCode != 0) {
            System.err.println("formatting the broker's log directory failed: exit " + exitCode);
            System.exit(exitCode);
        }
    }

    private static void exitWithParent(long parentPid) {
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                        () -> Runtime.getRuntime().halt(0));
    }
}
