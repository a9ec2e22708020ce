package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What the results were measured on: processor, cores, memory, operating system, Java, Kafka and
 * the commit of the repository.
 */
record Machine(
        String cpu,
        int cores,
        long memoryBytes,
        String os,
        String jvm,
        String kafka,
        String commit) {

    static Machine describe(Path repository) {
        return new Machine(
                procValue("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
                Runtime.getRuntime().availableProcessors(),
                procValue("/proc/meminfo", "MemTotal")
                        .map(v -> Long.parseLong(v.replace("kB", "").trim()) * 1024)
                        .orElse(-1L),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                AppInfoParser.getVersion(),
                commit(repository));
    }

    /** The 1-minute load average, or NaN where the platform does not say. */
    static double loadAverage() {
        try {
            String loadavg = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8);
            return Double.parseDouble(loadavg.substring(0, loadavg.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static Optional<String> procValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the report says less
        }
        return Optional.empty();
    }

    private static String commit(Path repository) {
        String head = git(repository, List.of("rev-parse", "--short", "HEAD"));
        if (head.isEmpty()) {
            return "unknown";
        }
        String changes = git(repository, List.of("status", "--porcelain", "--untracked-files=no"));
        return changes.isEmpty() ? head : head + " with uncommitted changes";
    }

    private static String git(Path repository, List<String> args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0
                    ? out.trim()
                    : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
