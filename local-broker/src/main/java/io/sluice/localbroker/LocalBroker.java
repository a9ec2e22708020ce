package io.sluice.localbroker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A running single-node KRaft broker in a child JVM, with its files under one directory.
 *
 * <p>The directory holds {@code server.properties}, {@code data/}, {@code broker.log}, {@code
 * broker.pid} and {@code bootstrap.servers}. A broker started with {@link
 * BrokerSettings#exitWithParent()} false outlives this JVM; {@link #find(Path)} attaches to it
 * again later, and {@link #stop(Duration)} stops only that process.
 */
public final class LocalBroker implements AutoCloseable {
    private static final String MAIN_CLASS = BrokerMain.class.getName();
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

    private final ProcessHandle process;
    private final Path directory;
    private final String bootstrapServers;

    private LocalBroker(ProcessHandle process, Path directory, String bootstrapServers) {
        this.process = process;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker and returns once it answers clients.
     *
     * @throws BrokerStartException when the port is taken, the JVM exits or the broker does not
     *     answer within the start timeout; the message quotes the tail of its log
     */
    public static LocalBroker start(BrokerSettings settings) {
        Path directory = settings.directory().toAbsolutePath();
        int port = settings.port() == 0 ? freePort() : requireFreePort(settings.port());
        int controllerPort = settings.port() == 0 ? freePort() : requireFreePort(port + 1);
        Path dataDir = directory.resolve("data");
        Path log = directory.resolve("broker.log");
        try {
            Files.createDirectories(dataDir);
            Path config = directory.resolve("server.properties");
            BrokerConfig.write(config, dataDir, port, controllerPort);
            Path log4j = copyLogConfig(directory);
            List<String> command = command(settings, config, dataDir, clusterId(directory), log4j);
            ProcessBuilder builder = new ProcessBuilder(command);
            // The classpath goes in the environment: the kernel shows only the first 4 KiB of a
            // command line, and find() must still see the main class and directory in it.
            builder.environment().put("CLASSPATH", BrokerClasspath.resolve());
            Process child =
                    builder.redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
            String bootstrap = "127.0.0.1:" + port;
            awaitReady(child, bootstrap, port, log, settings.startTimeout());
            Files.writeString(directory.resolve("broker.pid"), Long.toString(child.pid()));
            Files.writeString(directory.resolve("bootstrap.servers"), bootstrap);
            return new LocalBroker(child.toHandle(), directory, bootstrap);
        } catch (IOException e) {
            throw new BrokerStartException("cannot start the local broker in " + directory, e);
        }
    }

    /** The broker started earlier in this directory, if its process still runs. */
    public static Optional<LocalBroker> find(Path directory) {
        Path dir = directory.toAbsolutePath();
        try {
            Path pidFile = dir.resolve("broker.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String bootstrap = Files.readString(dir.resolve("bootstrap.servers")).trim();
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> isOurBroker(handle, dir))
                    .map(handle -> new LocalBroker(handle, dir, bootstrap));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The address clients connect to, {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** The directory that holds the broker's configuration, data and log. */
    public Path directory() {
        return directory;
    }

    /** The file the broker logs to. */
    public Path logFile() {
        return directory.resolve("broker.log");
    }

    /** Whether the broker's process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the broker: a clean shutdown (SIGTERM), forced once the timeout passes.
     *
     * @return whether the broker shut down cleanly within the timeout
     */
    public boolean stop(Duration timeout) {
        process.destroy();
        boolean clean = awaitExit(timeout);
        if (!clean) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        deleteQuietly(directory.resolve("broker.pid"));
        return clean;
    }

    /** Kills the broker at once; for throw-away test brokers whose data is not kept. */
    @Override
    public void close() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        deleteQuietly(directory.resolve("broker.pid"));
    }

    /** The last lines of the broker's log, for error messages. */
    public String logTail() {
        return LogTail.of(logFile());
    }

    private static List<String> command(
            BrokerSettings settings, Path config, Path dataDir, String clusterId, Path log4j) {
        List<String> command = new ArrayList<>();
        if (!settings.exitWithParent() && new File("/usr/bin/setsid").canExecute()) {
            // Its own session: a Ctrl-C in the terminal that started it does not stop it.
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xms256m",
                        "-Xmx1g",
                        "-XX:+UseG1GC",
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + log4j.toUri(),
                        MAIN_CLASS,
                        config.toString(),
                        dataDir.toString(),
                        clusterId));
        if (settings.exitWithParent()) {
            command.add(Long.toString(ProcessHandle.current().pid()));
        }
        return command;
    }

    private static void awaitReady(
            Process child, String bootstrap, int port, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!acceptsConnections(port)) {
            failIfExitedOrLate(child, bootstrap, log, deadline, timeout);
            sleep(PROBE_INTERVAL);
        }
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not ready yet: the listener accepts before the broker has joined its quorum
                }
                failIfExitedOrLate(child, bootstrap, log, deadline, timeout);
                sleep(PROBE_INTERVAL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            throw new BrokerStartException("interrupted while waiting for the local broker", e);
        }
    }

    private static void failIfExitedOrLate(
            Process child, String bootstrap, Path log, long deadline, Duration timeout) {
        if (!child.isAlive()) {
            throw new BrokerStartException(
                    String.format(
                            "the local broker for %s exited with code %d during start-up; last"
                                    + " lines of %s:%n%s",
                            bootstrap, child.exitValue(), log, LogTail.of(log)));
        }
        if (System.nanoTime() > deadline) {
            child.destroyForcibly();
            throw new BrokerStartException(
                    String.format(
                            "the local broker for %s did not answer within %s; last lines of"
                                    + " %s:%n%s",
                            bootstrap, timeout, log, LogTail.of(log)));
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, loopback())) {
            return port;
        } catch (IOException e) {
            throw new BrokerStartException(
                    String.format(
                            "port %d on 127.0.0.1 is in use (another Kafka broker?); choose"
                                    + " another with --port, or stop what listens there",
                            port),
                    e);
        }
    }

    private static java.net.InetAddress loopback() {
        return java.net.InetAddress.getLoopbackAddress();
    }

    private static String clusterId(Path directory) throws IOException {
        Path file = directory.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private static Path copyLogConfig(Path directory) throws IOException {
        Path target = directory.resolve("log4j2.properties");
        try (InputStream in = LocalBroker.class.getResourceAsStream("log4j2.properties")) {
            if (in == null) {
                throw new IOException("log4j2.properties is missing from sluice-local-broker");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static boolean isOurBroker(ProcessHandle handle, Path directory) {
        String commandLine = handle.info().commandLine().orElse("");
        return commandLine.contains(MAIN_CLASS) && commandLine.contains(directory.toString());
    }

    private boolean awaitExit(Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for the local broker", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale pid file is harmless: find() checks that the process is ours
        }
    }
}
