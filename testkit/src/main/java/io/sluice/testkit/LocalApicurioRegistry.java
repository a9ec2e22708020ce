package io.sluice.testkit;

import io.sluice.localbroker.ApicurioMain;
import io.sluice.localbroker.LogTail;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Apicurio Registry from its Maven Central distribution, run in a child JVM on loopback ports with
 * its schemas in a file-backed H2 database, so that it can be stopped and started again on the same
 * port with the same schemas and ids.
 *
 * <p>The distribution is unpacked by the build into the directory of the system property {@value
 * #HOME_PROPERTY} (the parent pom's {@code apicurio-registry} execution of the dependency plugin).
 * The child JVM halts when the test JVM is gone (see {@link ApicurioMain}); a shutdown hook stops
 * it too.
 *
 * <p>It serves plain HTTP, or HTTPS only when started by {@link #launchHttps}.
 */
final class LocalApicurioRegistry implements SchemaRegistryServer {
    /** The directory of the unpacked distribution. */
    static final String HOME_PROPERTY = "sluice.test.apicurio.home";

    // A cold start takes 17-20 s on two idle cores; another build may be using them.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path runnerJar;
    private final Path directory;
    private final int httpPort;
    private final int managementPort;
    private final Tls tls; // null: plain HTTP
    private final HttpClient http;
    private final Thread shutdownHook = new Thread(this::kill, "stop-test-schema-registry");
    private volatile Process process; // volatile: the shutdown hook reads it

    /**
     * How the registry serves HTTPS: on {@code port}, with these Quarkus properties (its key store,
     * say), reached by a client with {@code clientContext}.
     */
    record Tls(int port, List<String> properties, SSLContext clientContext) {
        Tls {
            properties = List.copyOf(properties);
        }
    }

    private LocalApicurioRegistry(
            Path runnerJar, Path directory, int httpPort, int managementPort, Tls tls) {
        this.runnerJar = runnerJar;
        this.directory = directory;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.tls = tls;
        this.http = RegistryRequests.client(tls == null ? null : tls.clientContext());
    }

    /** Starts a registry whose files live in a new directory under {@code workDir}. */
    static LocalApicurioRegistry launch(Path workDir) {
        return launch(workDir, null);
    }

    /**
     * Starts a registry that serves HTTPS only, as {@code tls} says, whose files live in a new
     * directory under {@code workDir}.
     */
    static LocalApicurioRegistry launchHttps(Path workDir, Tls tls) {
        return launch(workDir, Objects.requireNonNull(tls, "tls"));
    }

    private static LocalApicurioRegistry launch(Path workDir, Tls tls) {
        Path runnerJar = runnerJar();
        try {
            Files.createDirectories(workDir);
            Path directory = Files.createTempDirectory(workDir, "schema-registry-");
            LocalApicurioRegistry registry =
                    new LocalApicurioRegistry(
                            runnerJar, directory, FreePorts.any(), FreePorts.any(), tls);
            Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
            registry.start();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the test schema registry in " + workDir, e);
        }
    }

    @Override
    public String url() {
        return tls == null
                ? "http://127.0.0.1:" + httpPort + "/apis/ccompat/v7"
                : "https://127.0.0.1:" + tls.port() + "/apis/ccompat/v7";
    }

    @Override
    public String kind() {
        return tls == null ? "local" : "local https";
    }

    @Override
    public boolean canStop() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = directory.resolve("registry.log");
        ProcessBuilder builder =
                new ProcessBuilder(command())
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test schema registry", e);
        }
        Process started = process;
        try {
            RegistryRequests.awaitReady(
                    http, url(), START_TIMEOUT, () -> exitedDuringStart(started));
        } catch (IllegalStateException e) {
            started.destroyForcibly();
            throw new IllegalStateException(
                    String.format(
                            "%s; last lines of %s:%n%s", e.getMessage(), log, LogTail.of(log)),
                    e);
        }
        RegistryRequests.setGlobalCompatibility(http, url(), "BACKWARD");
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // a clean shutdown closes the H2 database
        if (!awaitExit(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            awaitExit(process, STOP_TIMEOUT);
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs or has run
        }
        deleteQuietly(directory);
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx512m",
                        // Start-up speed over peak speed, and few threads: a test registry serves
                        // little, on a machine of two cores.
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.http.port=" + httpPort,
                        "-Dquarkus.management.host=127.0.0.1",
                        "-Dquarkus.management.port=" + managementPort,
                        "-Dapicurio.datasource.url=jdbc:h2:file:" + directory.resolve("registry")));
        if (tls != null) {
            command.add("-Dquarkus.http.ssl-port=" + tls.port());
            command.add("-Dquarkus.http.insecure-requests=disabled");
            command.addAll(tls.properties());
        }
        command.addAll(
                List.of(
                        "-cp",
                        ApicurioMain.classpathEntry() + File.pathSeparator + runnerJar,
                        ApicurioMain.class.getName(),
                        Long.toString(ProcessHandle.current().pid())));
        return command;
    }

    /** The runner jar of the unpacked distribution, whatever its version. */
    private static Path runnerJar() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && Files.isDirectory(Path.of(property))) {
            try (Stream<Path> files = Files.list(Path.of(property))) {
                Optional<Path> jar =
                        files.filter(
                                        file -> {
                                            String name = file.getFileName().toString();
                                            return name.startsWith("apicurio-registry-app-")
                                                    && name.endsWith("-runner.jar");
                                        })
                                .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + property, e);
            }
        }
        throw new IllegalStateException(
                String.format(
                        "Apicurio Registry is not unpacked at %s=%s: give the module's pom the"
                                + " maven-antrun-plugin execution apicurio-registry (see the"
                                + " parent pom), or name a registry with"
                                + " SLUICE_TEST_SCHEMA_REGISTRY_URL",
                        HOME_PROPERTY, property));
    }

    private static String exitedDuringStart(Process process) {
        return process.isAlive()
                ? null
                : String.format(
                        "the test schema registry exited with code %d during start-up",
                        process.exitValue());
    }

    private void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover directory under target/ is not worth failing a test run for
        }
    }
}
