package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import io.sluice.processor.engine.BackgroundStart;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Which Kafka cluster a command uses: {@code --bootstrap-servers}, else {@code bootstrap.servers}
 * of the service configuration ({@code SLUICE_BOOTSTRAP_SERVERS} or the file), else the local
 * developer broker, started if it is not running.
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

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * The bootstrap servers to use, once a broker there answered with the configured client
     * settings; says so when it falls back to the local broker.
     *
     * @throws io.sluice.processor.ConfigException naming the address and the cause when the cluster
     *     does not answer within {@code cluster.connect.timeout.ms}
     */
    String connect(PrintWriter out, ServiceConfig config) {
        String bootstrap = configured(config).orElseGet(() -> localBroker(out));
        return check(bootstrap, config, isVerbose());
    }

    /**
     * Starts the check of {@link #connect} on a thread of its own when a cluster is configured, so
     * that its round trips overlap the pipeline's compilation and the HTTP endpoint's start; its
     * {@code await()} gives the bootstrap servers found answering, or throws what the check threw.
     * Empty when the local broker is to be used: that one is looked for only once the endpoint's
     * port is bound, so a taken port starts no broker.
     */
    Optional<BackgroundStart<String>> connectConfigured(ServiceConfig config) {
        boolean verbose = isVerbose(); // picocli's parse result, read on this thread
        // a daemon thread: a start-up that fails first does not wait for it
        return configured(config)
                .map(
                        bootstrap ->
                                BackgroundStart.begin(
                                        "sluice-cluster-check",
                                        () -> check(bootstrap, config, verbose)));
    }

    /** The cluster given by the option, else by the configuration; empty for the local broker. */
    private Optional<String> configured(ServiceConfig config) {
        return bootstrapServers != null && !bootstrapServers.isBlank()
                ? Optional.of(bootstrapServers)
                : config.bootstrapServers();
    }

    private static String check(String bootstrap, ServiceConfig config, boolean verbose) {
        try (KafkaClientLogs muted = KafkaClientLogs.muteUnless(verbose)) {
            new ClusterCheck(bootstrap, config).run();
        }
        return bootstrap;
    }

    /** Whether {@code --verbose} was given to the command or before it. */
    private boolean isVerbose() {
        for (CommandSpec command = mixee; command != null; command = command.parent()) {
            ParseResult parsed = command.commandLine().getParseResult();
            if (parsed != null && parsed.hasMatchedOption(SluiceMain.VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    private static String localBroker(PrintWriter out) {
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
