package io.sluice.bench.e2e;

/**
 * One latency run of one workload: end-to-end latency at a fixed input rate, from the send time to
 * the time a {@code read_committed} consumer receives the output.
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
        String note) {

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
                note);
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
