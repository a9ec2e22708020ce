package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a process has used so far: CPU time of all its threads, and its peak resident memory.
 *
 * @param cpuSeconds user plus system CPU time, or NaN where the platform does not say
 * @param peakRssBytes the high-water mark of its resident set ({@code VmHWM}), or -1 where the
 *     platform does not say
 */
record ProcessUsage(double cpuSeconds, long peakRssBytes) {
    /** The usage of a running process; read it before the process exits. */
    static ProcessUsage of(ProcessHandle process) {
        return new ProcessUsage(cpuSeconds(process), peakRss(process.pid()));
    }

    /** The CPU time of {@code process} so far, in seconds; NaN if unknown. */
    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** The CPU time of {@code process} so far, zero if unknown. */
    static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static long peakRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kib = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kib) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process has just gone: say so with -1
        }
        return -1;
    }
}
