package io.sluice.cli;

import io.sluice.cli.config.ServiceConfig;
import io.sluice.cli.config.ServiceConfigLoader;
import io.sluice.processor.ConfigException;
import io.sluice.processor.engine.BackgroundStart;
import io.sluice.processor.engine.EngineListener;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.engine.StartupPhases;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.service.OperationsService;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
            "Serves /health/live, /health/ready, /metrics, /status and a dashboard at / on",
            "http.host:http.port (default 127.0.0.1:8080, or the next free port up to 8095",
            "when 8080 is taken and no port is set) and prints a status line every few",
            "seconds (a progress bar with availableNow) unless --quiet.",
            "Settings: --config FILE, else $SLUICE_CONFIG, else config/sluice.yaml of the",
            "installation; SLUICE_<KEY> environment variables override the file",
            "(SLUICE_HTTP_PORT sets http.port); options override both.",
            "Exit codes: 0 stopped or done; 1 failed (fenced, or a bad record under the fail"
                    + " policy); 2 invalid pipeline file or configuration, the HTTP port set is"
                    + " taken, or the Kafka cluster does not answer within"
                    + " cluster.connect.timeout.ms."
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    /** How many ports a taken default port is tried from: 8080 to 8095. */
    static final int PORT_TRIES = 16;

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

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = {
                "Service configuration (default: $SLUICE_CONFIG, else",
                "config/sluice.yaml of the installation when present)."
            })
    Path config;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description = {
                "Port of the status and metrics endpoint; 0 picks a free one. A port set here,",
                "in the file or in SLUICE_HTTP_PORT is used as set; only the default moves on."
            })
    String httpPort;

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            description = "Address the endpoint listens on (0.0.0.0 for every interface).")
    String httpHost;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print no status line or progress bar.")
    boolean quiet;

    @Spec CommandSpec spec;

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean exiting;

    @Override
    public Integer call() {
        StartupPhases startup = StartupPhases.sinceProcessStart();
        startup.mark("jvm");
        PrintWriter out = spec.commandLine().getOut();
        ServiceConfig settings = loadConfig();
        // a configured cluster is checked while the pipeline compiles and the port is bound
        Optional<BackgroundStart<String>> connected = cluster.connectConfigured(settings);
        // registers the sink schemas in the registry: an incompatible one stops start-up here
        PipelinePlan plan =
                PipelineFile.load(pipeline, SchemaRegistries.access(settings, true)).plan();
        String instance = settings.instanceId().orElseGet(RunCommand::hostName);
        startup.mark("config");
        // Bound before the cluster is looked for, so a taken port starts no local broker.
        try (OperationsService operations = startOperations(plan, instance, settings)) {
            startup.mark("http");
            String bootstrap =
                    connected
                            .map(BackgroundStart::await)
                            .orElseGet(() -> cluster.connect(out, settings));
            startup.mark("cluster");
            log.info("Configuration: {}", settings.describe());
            printAddress(operations, settings, out);
            PipelineRunner runner =
                    new PipelineRunner(
                            plan,
                            engineSettings(bootstrap, instance, settings),
                            System.out,
                            EngineListener.all(List.of(operations.listener(), startup)));
            Thread hook = new Thread(() -> stopOnSignal(runner), "sluice-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ScheduledExecutorService console = startConsoleStatus(plan, operations, settings, out);
            try {
                PipelineRunner.Outcome outcome = runner.run();
                console.shutdownNow();
                out.printf("Pipeline %s %s: %s%n", plan.name(), describe(outcome), runner.totals());
                return outcome == PipelineRunner.Outcome.FINISHED
                        ? SluiceMain.EXIT_OK
                        : SluiceMain.EXIT_FAILED;
            } finally {
                console.shutdownNow();
                exiting = true;
                finished.countDown();
            }
        }
    }

    private ServiceConfig loadConfig() {
        ServiceConfigLoader loader = new ServiceConfigLoader();
        Map<String, String> options = new HashMap<>();
        if (instanceId != null && !instanceId.isBlank()) {
            options.put("instance.id", instanceId);
        }
        if (stateDirectory != null) {
            options.put("state.dir", stateDirectory.toString());
        }
        if (httpPort != null) {
            options.put("http.port", httpPort);
        }
        if (httpHost != null) {
            options.put("http.host", httpHost);
        }
        return loader.load(loader.locate(config, Optional.of(SluiceHome.installation())), options);
    }

    private static EngineSettings engineSettings(
            String bootstrap, String instance, ServiceConfig config) {
        EngineSettings defaults = EngineSettings.of(bootstrap, instance);
        return new EngineSettings(
                bootstrap,
                instance,
                config.kafka(),
                config.consumer(),
                config.producer(),
                defaults.transactionTimeout(),
                defaults.retryBackoff(),
                defaults.maxRetryBackoff(),
                config.stateDirectory().orElseGet(() -> SluiceHome.directory().resolve("state")),
                config.stateMemoryBytes(),
                config.standbyReplicas(),
                config.peerTimeout(),
                config.peerLifeline().orElse(null));
    }

    /**
     * Starts the HTTP endpoint on the configured address. A default port that is taken moves to the
     * next free one, as Spark's UI does (4040, 4041, ...); a port the user set never moves.
     */
    private static OperationsService startOperations(
            PipelinePlan plan, String instance, ServiceConfig config) {
        Optional<InetSocketAddress> address =
                config.http().map(a -> new InetSocketAddress(a.getHostString(), a.getPort()));
        int tries =
                config.httpPortSet() || address.map(a -> a.getPort() == 0).orElse(true)
                        ? 1
                        : PORT_TRIES;
        for (int attempt = 0; ; attempt++) {
            int offset = attempt;
            Optional<InetSocketAddress> tried = address.map(a -> next(a, offset));
            try {
                return OperationsService.start(plan.name(), instance, tried);
            } catch (UncheckedIOException e) {
                if (attempt + 1 >= tries || !isPortTaken(e)) {
                    throw listenError(config, e, tries);
                }
                log.info("HTTP port {} is taken; trying the next one", tried.get().getPort());
            }
        }
    }

    private static InetSocketAddress next(InetSocketAddress address, int attempt) {
        return new InetSocketAddress(address.getHostString(), address.getPort() + attempt);
    }

    private static boolean isPortTaken(UncheckedIOException e) {
        return e.getCause() instanceof BindException
                && !String.valueOf(e.getCause().getMessage()).contains("assign requested address");
    }

    private static ConfigException listenError(
            ServiceConfig config, UncheckedIOException e, int tries) {
        String host = config.http().map(InetSocketAddress::getHostString).orElse("");
        int port = config.http().map(InetSocketAddress::getPort).orElse(0);
        String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        // Linux and macOS say so when the host is no address of this machine.
        if (e.getCause() instanceof BindException
                && String.valueOf(reason).contains("assign requested address")) {
            return new ConfigException(
                    String.format(
                            "http.host: cannot listen on %s:%d: %s; set http.host (--http-host,"
                                    + " SLUICE_HTTP_HOST) to an address of this machine,"
                                    + " 127.0.0.1 or 0.0.0.0",
                            host, port, reason),
                    e);
        }
        String where =
                tries == 1
                        ? host + ":" + port
                        : String.format(
                                "%s:%d nor on the next %d ports (up to %d)",
                                host, port, tries - 1, port + tries - 1);
        String set = config.httpPortSet() ? "http.port is set to " + port + ": " : "";
        return new ConfigException(
                String.format(
                        "http.port: %scannot listen on %s: %s; set http.port (--http-port,"
                                + " SLUICE_HTTP_PORT) to a free port, 0 for any, or"
                                + " http.enabled=false",
                        set, where, reason),
                e);
    }

    private static void printAddress(
            OperationsService operations, ServiceConfig config, PrintWriter out) {
        operations
                .address()
                .ifPresent(
                        a -> {
                            int configured =
                                    config.http().map(InetSocketAddress::getPort).orElse(0);
                            out.printf(
                                    "Status, metrics and dashboard on http://%s:%d/%s%n",
                                    a.getHostString(),
                                    a.getPort(),
                                    configured != 0 && a.getPort() != configured
                                            ? String.format(
                                                    " (port %d is taken; set http.port or"
                                                            + " --http-port to choose one)",
                                                    configured)
                                            : "");
                            out.flush();
                        });
    }

    private ScheduledExecutorService startConsoleStatus(
            PipelinePlan plan,
            OperationsService operations,
            ServiceConfig config,
            PrintWriter out) {
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "sluice-console");
                            thread.setDaemon(true);
                            return thread;
                        });
        if (!quiet) {
            ConsoleStatus status =
                    new ConsoleStatus(
                            plan.name(),
                            operations.status(),
                            operations.timeline(),
                            out,
                            plan.trigger() instanceof Trigger.AvailableNow);
            long ms = config.statusInterval().toMillis();
            timer.scheduleAtFixedRate(status::print, ms, ms, TimeUnit.MILLISECONDS);
        }
        return timer;
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

    /** The default instance id: the host name, which is the pod name in Kubernetes. */
    private static String hostName() {
        return rawHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String rawHostName() {
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
