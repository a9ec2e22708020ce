package io.sluice.bench.window;

import io.sluice.processor.plan.OutputMode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Sliding window comparison runs {@link SlidingWindowBenchmark}'s workload with panes and window by
 * window in alternating rounds, counting only this thread's CPU time, so load from other processes
 * on a shared machine lands on neither path. Prints the median CPU milliseconds per million records
 * of each path and their ratio, per output mode.
 */
public final class SlidingWindowComparison {
    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 7;

    private SlidingWindowComparison() {}

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (OutputMode mode : new OutputMode[] {OutputMode.UPDATE, OutputMode.APPEND}) {
            SlidingWindowBenchmark panes = workload("panes", mode);
            SlidingWindowBenchmark perWindow = workload("perWindow", mode);
            long[] panesMs = new long[ROUNDS];
            long[] perWindowMs = new long[ROUNDS];
            for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
                long panesCpu = cpuMs(threads, panes);
                long perWindowCpu = cpuMs(threads, perWindow);
                if (round >= 0) {
                    panesMs[round] = panesCpu;
                    perWindowMs[round] = perWindowCpu;
                }
            }
            long panesMedian = median(panesMs);
            long perWindowMedian = median(perWindowMs);
            System.out.printf(
                    "%s: panes %d ms, per window %d ms (CPU, median of %d), ratio %.1f%n",
                    mode,
                    panesMedian,
                    perWindowMedian,
                    ROUNDS,
                    (double) perWindowMedian / panesMedian);
        }
    }

    private static SlidingWindowBenchmark workload(String path, OutputMode mode) {
        SlidingWindowBenchmark workload = new SlidingWindowBenchmark();
        workload.path = path;
        workload.mode = mode;
        workload.setUp();
        return workload;
    }

    private static long cpuMs(ThreadMXBean threads, SlidingWindowBenchmark workload) {
        long start = threads.getCurrentThreadCpuTime();
        workload.run();
        return (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
