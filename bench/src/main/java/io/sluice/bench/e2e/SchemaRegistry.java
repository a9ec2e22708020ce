package io.sluice.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.localbroker.ApicurioMain;
import io.sluice.localbroker.LogTail;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The schema registry of one harness invocation, for the Sluice workloads whose pipeline file has a
 * {@code registry:} section: the registry that {@value BenchSettings#REGISTRY_ENV} names, else
 * Apicurio Registry run by the harness in a child JVM for the whole invocation.
 *
 * <p>The child JVM runs the distribution that the bench module's build unpacks (the parent pom's
 * {@code apicurio-registry} execution of the dependency plugin) into the directory named by the
 * system property {@value #HOME_PROPERTY}, by default {@code bench/target/apicurio}. It listens on
 * loopback ports, keeps its schemas in memory (Apicurio's default in-memory H2 database) and halts
 * when the harness JVM is gone ({@link ApicurioMain}). Before the first run the harness registers
 * the invoice schema under a few subjects of its own, so that no run pays for the registry's first,
 * uncompiled requests.
 */
final class SchemaRegistry implements AutoCloseable {
    /** The directory of the unpacked Apicurio Registry distribution. */
    static final String HOME_PROPERTY = "sluice.bench.apicurio.home";

    // A cold start takes about 20 s on two idle cores.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final int WARM_UP_SUBJECTS = 20;
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(REQUEST_TIMEOUT)
                    .build();

    private final String url;
    private final String description;
    private final Optional<Process> process;
    private final Duration cpuWhenReady;

    private SchemaRegistry(
            String url, String description, Optional<Process> process, Duration cpuWhenReady) {
        this.url = url;
        this.description = description;
        this.process = process;
        this.cpuWhenReady = cpuWhenReady;
    }

    /**
     * Why no registry can be had, or empty when one can: the environment names none and Apicurio
     * Registry is not unpacked.
     */
    static Optional<String> unavailable(BenchSettings settings) {
        if (settings.schemaRegistryUrl().isPresent() || runnerJar(home(settings)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        "%s names no schema registry, and Apicurio Registry is not unpacked at %s"
                                + " (the bench module's build unpacks it from the local Maven"
                                + " repository: bench/run-e2e.sh says so when it cannot)",
                        BenchSettings.REGISTRY_ENV, home(settings)));
    }

    /**
     * The registry the environment names, or Apicurio Registry started in a child JVM whose log and
     * files go to {@code directory}; returns once it answers and is warmed up.
     *
     * @param schema the Avro schema the warm-up registers
     * @throws IllegalStateException when the registry exits or does not answer in 3 minutes
     */
    static SchemaRegistry start(BenchSettings settings, Path directory, Path schema)
            throws IOException, InterruptedException {
        Optional<String> external = settings.schemaRegistryUrl();
        if (external.isPresent()) {
            return new SchemaRegistry(
                    external.get(),
                    "the registry named by " + BenchSettings.REGISTRY_ENV,
                    Optional.empty(),
                    Duration.ZERO);
        }
        Path jar =
                runnerJar(home(settings))
                        .orElseThrow(() -> new IllegalStateException(unavailable(settings).get()));
        Files.createDirectories(directory);
        String url = "http://127.0.0.1:" + freePort() + "/apis/ccompat/v7";
        Path log = directory.resolve("registry.log");
        Process process =
                new ProcessBuilder(command(jar, url))
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        try {
            awaitReady(process, url, log);
            warmUp(url, Files.readString(schema, StandardCharsets.UTF_8));
        } catch (RuntimeException | IOException | InterruptedException e) {
            stop(process);
            throw e;
        }
        return new SchemaRegistry(
                url, describe(jar), Optional.of(process), ProcessUsage.cpu(process.toHandle()));
    }

    /** The base URL of the Confluent-compatible API, as {@code schema.registry.url} takes it. */
    String url() {
        return url;
    }

    /** What the registry is, for the results page. */
    String description() {
        return description;
    }

    /**
     * The CPU time the registry has used since it was ready; empty when the harness did not start
     * it.
     */
    Optional<Duration> cpuSinceReady() {
        return process.map(p -> ProcessUsage.cpu(p.toHandle()).minus(cpuWhenReady));
    }

    /** Stops the registry the harness started; nothing for one the environment named. */
    @Override
    public void close() {
        process.ifPresent(SchemaRegistry::stop);
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> command(Path jar, String url) throws IOException {
        int port = URI.create(url).getPort();
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // Start-up speed over peak speed, and few threads: it serves one request a run,
                // on the cores the workloads are measured on.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + freePort(),
                "-cp",
                ApicurioMain.classpathEntry() + File.pathSeparator + jar,
                ApicurioMain.class.getName(),
                Long.toString(ProcessHandle.current().pid()));
    }

    private static void awaitReady(Process p, String url, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(url)) {
            if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        String.format(
                                "the schema registry %s; last lines of %s:%n%s",
                                p.isAlive()
                                        ? "did not answer within " + START_TIMEOUT
                                        : "exited with code " + p.exitValue() + " during start-up",
                                log,
                                LogTail.of(log)));
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    private static boolean answers(String url) throws InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url + "/subjects"))
                        .timeout(REQUEST_TIMEOUT)
                        .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /**
     * Registers {@code schema} under subjects of its own, as each Sluice run does under its own.
     */
    private static void warmUp(String url, String schema) throws IOException, InterruptedException {
        String body = new ObjectMapper().writeValueAsString(Map.of("schema", schema));
        for (int i = 0; i < WARM_UP_SUBJECTS; i++) {
            HttpRequest request =
                    HttpRequest.newBuilder(
                                    URI.create(
                                            url
                                                    + "/subjects/bench-warm-up-"
                                                    + i
                                                    + "-value/versions"))
                            .timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        String.format(
                                "the schema registry at %s refused the warm-up schema: HTTP %d %s",
                                url, response.statusCode(), response.body()));
            }
        }
    }

    private static Path home(BenchSettings settings) {
        String property = System.getProperty(HOME_PROPERTY);
        return property != null && !property.isBlank()
                ? Path.of(property)
                : settings.repository().resolve("bench/target/apicurio");
    }

    /** The runner jar of the unpacked distribution, whatever its version. */
    private static Optional<Path> runnerJar(Path home) {
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(
                            file -> {
                                String name = file.getFileName().toString();
                                return name.startsWith("apicurio-registry-app-")
                                        && name.endsWith("-runner.jar");
                            })
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + home, e);
        }
    }

    /** "Apicurio Registry 3.0.9 ...", the version read from the runner jar's name. */
    private static String describe(Path jar) {
        String version =
                jar.getFileName()
                        .toString()
                        .replace("apicurio-registry-app-", "")
                        .replace("-runner.jar", "");
        return "Apicurio Registry "
                + version
                + " (in-memory storage, `-Xmx512m`) in a child JVM started by the harness";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
