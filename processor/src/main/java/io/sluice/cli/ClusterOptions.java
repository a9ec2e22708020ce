package io.sluice.cli;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which Kafka cluster a command uses: {@code --bootstrap-servers}, else {@code
 * SLUICE_BOOTSTRAP_SERVERS}, else the local developer broker, started if it is not running.
 */
final class ClusterOptions {
    static final String ENV = "SLUICE_BOOTSTRAP_SERVERS";
    static final int LOCAL_PORT = 9092;

    @Option(
            names = {"-b", "--bootstrap-servers"},
            paramLabel = "HOST:PORT[,...]",
            description = {
                "Kafka cluster to use (default: $SLUICE_BOOTSTRAP_SERVERS; with neither, a local",
                "broker is started, see `sluice broker --help`)."
            })
    String bootstrapServers;

    /** The bootstrap servers to use; says so when it falls back to the local broker. */
    String resolve(PrintWriter out) {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return bootstrapServers;
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        Optional<LocalBroker> running = LocalBroker.find(SluiceHome.brokerDirectory());
        LocalBroker broker;
        if (running.isPresent()) {
            broker = running.get();
        } else {
            out.printf(
                    "No cluster configured (--bootstrap-servers or %s): starting a local Kafka"
                            + " broker in %s ...%n",
                    ENV, SluiceHome.brokerDirectory());
            out.flush();
            broker =
                    LocalBroker.start(
                            BrokerSettings.forDevelopment(
                                    SluiceHome.brokerDirectory(), LOCAL_PORT));
        }
        out.printf(
                "Using the local Kafka broker at %s (pid %d; stop it with `bin/sluice broker"
                        + " stop`)%n",
                broker.bootstrapServers(), broker.pid());
        out.flush();
        return broker.bootstrapServers();
    }
}
