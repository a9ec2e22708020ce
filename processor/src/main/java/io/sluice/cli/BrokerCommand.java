package io.sluice.cli;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice broker start|stop|status}: the local Kafka broker for development. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a local single-node Apache Kafka broker (KRaft) for development.",
            "Not for production: point Sluice at your cluster with --bootstrap-servers."
        },
        subcommands = {
            BrokerCommand.Start.class,
            BrokerCommand.Stop.class,
            BrokerCommand.Status.class
        })
final class BrokerCommand {

    /** Options every broker subcommand shares. */
    static final class Location {
        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "Broker files and data (default: $SLUICE_HOME/broker, ~/.sluice/broker).")
        Path directory;

        Path directory() {
            return directory != null ? directory : SluiceHome.brokerDirectory();
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the broker.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin Location location;

        @Option(
                names = "--port",
                defaultValue = "9092",
                description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<LocalBroker> running = LocalBroker.find(location.directory());
            if (running.isPresent()) {
                out.printf(
                        "Kafka broker already running at %s (pid %d)%n",
                        running.get().bootstrapServers(), running.get().pid());
                return SluiceMain.EXIT_OK;
            }
            out.printf("Starting a local Kafka broker in %s ...%n", location.directory());
            out.flush();
            LocalBroker broker =
                    LocalBroker.start(BrokerSettings.forDevelopment(location.directory(), port));
            out.printf(
                    "Kafka broker running at %s (pid %d); log: %s%n",
                    broker.bootstrapServers(), broker.pid(), broker.logFile());
            return SluiceMain.EXIT_OK;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stops the broker that `broker start` started, and nothing else.")
    static final class Stop implements Callable<Integer> {
        @picocli.CommandLine.Mixin Location location;

        @Option(
                names = "--timeout",
                defaultValue = "PT30S",
                description =
                        "How long a clean shutdown may take before it is forced (default: 30s).")
        Duration timeout;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<LocalBroker> running = LocalBroker.find(location.directory());
            if (running.isEmpty()) {
                out.printf("No local Kafka broker is running from %s%n", location.directory());
                return SluiceMain.EXIT_OK;
            }
            LocalBroker broker = running.get();
            boolean clean = broker.stop(timeout);
            out.printf(
                    "Stopped the Kafka broker at %s (pid %d)%s%n",
                    broker.bootstrapServers(),
                    broker.pid(),
                    clean ? "" : " after forcing it: it did not shut down within " + timeout);
            return SluiceMain.EXIT_OK;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Says whether the broker runs; exit code 0 if it does, 1 if not.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin Location location;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<LocalBroker> running = LocalBroker.find(location.directory());
            if (running.isEmpty()) {
                out.printf("No local Kafka broker is running from %s%n", location.directory());
                return SluiceMain.EXIT_FAILED;
            }
            out.printf(
                    "Kafka broker running at %s (pid %d)%n",
                    running.get().bootstrapServers(), running.get().pid());
            return SluiceMain.EXIT_OK;
        }
    }
}
