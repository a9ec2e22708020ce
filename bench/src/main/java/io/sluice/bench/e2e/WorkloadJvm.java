package io.sluice.bench.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A workload running in a JVM of its own, with the harness's classpath and the heap flags every
 * workload gets, its output in a log file.
 */
final class WorkloadJvm implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final List<String> options;
    private final long startedNanos;
    private final Path log;

    private WorkloadJvm(Process process, List<String> options, long startedNanos, Path log) {
        this.process = process;
        this.options = List.copyOf(options);
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** Starts {@code command} with {@code -Xmx<heap>}; stdout and stderr go to {@code log}. */
    static WorkloadJvm start(JvmCommand command, String heap, Path log) {
        List<String> options =
                new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC", "-Djava.awt.headless=true"));
        options.addAll(command.options());
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(options);
        line.add(command.mainClass());
        line.addAll(command.args());
        ProcessBuilder builder = new ProcessBuilder(line);
        // In the environment rather than on the command line: the kernel keeps 4 KiB of it.
        builder.environment()
                .put(
                        "CLASSPATH",
                        command.classPath().orElseGet(() -> System.getProperty("java.class.path")));
        builder.redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long started = System.nanoTime();
        try {
            return new WorkloadJvm(builder.start(), List.copyOf(options), started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.mainClass(), e);
        }
    }

    /** The options the JVM was started with, before its main class, as given. */
    List<String> options() {
        return options;
    }

    /** When the JVM was started, on the {@link System#nanoTime()} clock. */
    long startedNanos() {
        return startedNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; only once the JVM has exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** The JVM's process, for readings of its CPU time. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** What the JVM has used so far; -1 and NaN once it has exited. */
    ProcessUsage usage() {
        return ProcessUsage.of(process.toHandle());
    }

    /** The last lines the JVM printed, for a failure's note. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(
                    "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    /** Asks the JVM to stop (SIGTERM), and kills it if it has not stopped in 15 seconds. */
    @Override
    public void close() {
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
}
