package io.sluice.bench.e2e;

/**
 * One latency run of one workload: end-to-end latency at a fixed input rate, from the send time to
 * the time a {@code read_committed} consumer receives the output, and what the workload's JVM used
 * meanwhile.
 *
 * @param workload what ran
 * @param round which run of it, from 1
 * @param rate the records per second it was sent (the rate asked for)
 * @param status how it ended
 * @param expected the outputs of the records sent in the measured window
 * @param received how many of those arrived
 * @param achievedRate the records per second actually sent
 * @param p50Ms the median latency, milliseconds
 * @param p95Ms the 95th percentile
 * @param p99Ms the 99th percentile
 * @param maxMs the largest
 * @param window the workload JVM's CPU time over the measured window
 * @param peakRssBytes the workload JVM's peak resident memory at the end of the run, once every
 *     measured output has arrived; -1 where the platform does not say
 * @param note why it failed, empty when it did not
 */
record LatencyResult(
        Workload workload,
        int round,
        int rate,
        Status status,
        long expected,
        long received,
        double achievedRate,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double maxMs,
        CpuWindow.Reading window,
        long peakRssBytes,
        String note)
        implements RunResult {

    /** A run that measured no latency: it failed before or while it measured. */
    static LatencyResult failed(
            Workload workload,
            int round,
            int rate,
            Status status,
            long expected,
            long received,
            String note) {
        return new LatencyResult(
                workload,
                round,
                rate,
                status,
                expected,
                received,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                CpuWindow.Reading.NONE,
                -1,
                note);
    }

    /** The workload JVM's CPU time over the measured window, in seconds. */
    double windowCpuSeconds() {
        return window.cpuSeconds();
    }

    /** That CPU time over the window's length, in percent of one core. */
    double windowCpuPercent() {
        return window.percentOfCore();
    }

    /** The peak resident memory in MiB; NaN where unknown. */
    double peakRssMib() {
        return peakRssBytes < 0 ? Double.NaN : peakRssBytes / WorkloadSummary.MIB;
    }

    /** The latency at {@code quantile} (0 to 1) of sorted nanosecond latencies, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double quantile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(quantile * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
