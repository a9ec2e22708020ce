package io.sluice.bench.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the benchmark's pipeline: {@code sluice run} in a JVM of its own with the
 * harness's class path, its state under a directory of its own that survives a restart.
 */
final class SluiceInstance implements AutoCloseable {
    private final String id;
    private final Process process;
    private static final String STATUS_LINE = "Status, metrics and dashboard on ";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path log;
    private final long logStart; // where this process's lines begin: the log is appended to
    private String statusUrl; // once its log named it

    private SluiceInstance(String id, Process process, Path log, long logStart) {
        this.id = id;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts instance {@code id} of {@code pipeline} with the service configuration file {@code
     * config}.
     */
    static SluiceInstance start(
            String id, Path pipeline, String bootstrap, Path work, Path config) {
        Path state = work.resolve("state-" + id);
        Path log = work.resolve("instance-" + id + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx768m", "-XX:+UseG1GC"));
        command.add("io.sluice.cli.SluiceMain");
        command.addAll(
                List.of(
                        "run",
                        pipeline.toString(),
                        "--bootstrap-servers",
                        bootstrap,
                        "--instance-id",
                        id,
                        "--state-dir",
                        state.toString(),
                        "--http-port",
                        "0",
                        "--config",
                        config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            return new SluiceInstance(id, builder.start(), log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start instance " + id, e);
        }
    }

    /** Deletes the local state of instance {@code id}, which must not run. */
    static void wipeState(Path work, String id) throws IOException {
        Path state = work.resolve("state-" + id);
        if (!Files.exists(state)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(state)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    String id() {
        return id;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the JVM at once (SIGKILL), as an OOM killer or a lost machine would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * How many changelog records its standby tasks are behind, summed, from its {@code /status}
     * (whose address its log names); empty while it has no standby, or one not yet fetched.
     */
    OptionalLong standbyLag() {
        try {
            if (statusUrl == null) {
                statusUrl = statusUrlInLog();
                if (statusUrl == null) {
                    return OptionalLong.empty();
                }
            }
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(statusUrl + "status")).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode standbys = JSON.readTree(response.body()).path("standbys");
            if (standbys.isEmpty()) {
                return OptionalLong.empty();
            }
            long sum = 0;
            for (JsonNode standby : standbys) {
                if (!standby.path("lagRecords").isNumber()) {
                    return OptionalLong.empty();
                }
                sum += standby.path("lagRecords").asLong();
            }
            return OptionalLong.of(sum);
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The address of its {@code /status}, from this process's lines of the log; null before. */
    private String statusUrlInLog() throws IOException {
        byte[] all = Files.readAllBytes(log);
        String mine =
                new String(
                        all,
                        (int) Math.min(logStart, all.length),
                        all.length - (int) Math.min(logStart, all.length),
                        StandardCharsets.UTF_8);
        int at = mine.indexOf(STATUS_LINE);
        if (at < 0) {
            return null;
        }
        int end = mine.indexOf('\n', at);
        return end < 0 ? null : mine.substring(at + STATUS_LINE.length(), end).trim(); // whole
    }

    /** The last lines of its log, for an error message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Stops it with SIGTERM; kills it when it has not stopped in 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
