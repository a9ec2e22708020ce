package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java main class run in a child JVM with the test's classpath, for tests that must kill the
 * processor (SIGKILL) or stop it (SIGTERM) as an operating system would.
 */
public final class JvmProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private JvmProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code args}; stdout and stderr go to {@code log}. */
    public static JvmProcess start(String mainClass, List<String> args, Path log) {
        return start(mainClass, args, Map.of(), log);
    }

    /**
     * Starts {@code mainClass} with {@code args} and the test's environment changed by {@code
     * environment} (an empty value removes a variable); stdout and stderr go to {@code log}.
     */
    public static JvmProcess start(
            String mainClass, List<String> args, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // The classpath in the environment keeps the command line short and readable in ps.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        environment.forEach(
                (name, value) -> {
                    if (value.isEmpty()) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return new JvmProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    /** Kills the JVM at once (SIGKILL): no shutdown hook, no clean close. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * Asks the JVM to stop (SIGTERM) and returns its exit code, or -1 if it did not stop in time.
     */
    public int terminate(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    /** Waits for the JVM to exit; returns its exit code, or -1 if it is still running. */
    public int waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? process.exitValue()
                    : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Freezes the JVM (SIGSTOP) until {@link #resume()}: to the broker and the other instances it
     * looks dead or cut off, yet it goes on where it stopped when resumed.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@linkplain #pause() paused} JVM run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill =
                    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                            .inheritIO()
                            .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the JVM printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
