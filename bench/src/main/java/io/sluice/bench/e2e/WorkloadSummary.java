package io.sluice.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one workload over its runs: throughput, resources and, when measured, latency.
 *
 * @param workload what ran
 * @param throughputRuns every throughput run, successful or not
 * @param latencyRuns every latency run, successful or not; empty when not measured
 */
record WorkloadSummary(
        Workload workload, List<ThroughputResult> throughputRuns, List<LatencyResult> latencyRuns) {

    static final double MIB = 1024.0 * 1024.0;

    WorkloadSummary {
        throughputRuns = List.copyOf(throughputRuns);
        latencyRuns = List.copyOf(latencyRuns);
    }

    Spread recordsPerSecond() {
        return throughput(ThroughputResult::recordsPerSecond);
    }

    Spread steadyRecordsPerSecond() {
        return throughput(ThroughputResult::steadyRecordsPerSecond);
    }

    Spread seconds() {
        return throughput(ThroughputResult::seconds);
    }

    Spread firstOutputSeconds() {
        return throughput(ThroughputResult::firstOutputSeconds);
    }

    Spread cpuSeconds() {
        return throughput(r -> r.usage().cpuSeconds());
    }

    Spread cpuMicrosPerRecord() {
        return throughput(ThroughputResult::cpuMicrosPerRecord);
    }

    Spread peakRssMib() {
        return throughput(
                r -> r.usage().peakRssBytes() < 0 ? Double.NaN : r.usage().peakRssBytes() / MIB);
    }

    Spread brokerCpuSeconds() {
        return throughput(ThroughputResult::brokerCpuSeconds);
    }

    Spread p50Ms(int rate) {
        return latency(rate, LatencyResult::p50Ms);
    }

    Spread p95Ms(int rate) {
        return latency(rate, LatencyResult::p95Ms);
    }

    Spread p99Ms(int rate) {
        return latency(rate, LatencyResult::p99Ms);
    }

    Spread maxMs(int rate) {
        return latency(rate, LatencyResult::maxMs);
    }

    /** The latency runs at {@code rate} records/s, successful or not. */
    List<LatencyResult> latencyRuns(int rate) {
        return latencyRuns.stream().filter(r -> r.rate() == rate).toList();
    }

    /** The phases the successful throughput runs logged at start-up, in the order logged. */
    List<String> startupPhases() {
        List<String> names = new ArrayList<>();
        for (ThroughputResult run : throughputRuns) {
            if (run.status() == Status.OK) {
                for (Startup.Phase phase : run.startup().phases()) {
                    if (!names.contains(phase.name())) {
                        names.add(phase.name());
                    }
                }
            }
        }
        return names;
    }

    /** The seconds of start-up phase {@code name}, over the throughput runs that logged it. */
    Spread startupSeconds(String name) {
        return throughput(r -> r.startup().seconds(name).orElse(Double.NaN));
    }

    /** The throughput runs that did not complete. */
    long failedThroughputRuns() {
        return throughputRuns.stream().filter(r -> r.status() != Status.OK).count();
    }

    /** The latency runs at {@code rate} records/s that did not complete. */
    long failedLatencyRuns(int rate) {
        return latencyRuns(rate).stream().filter(r -> r.status() != Status.OK).count();
    }

    private Spread throughput(ToDoubleFunction<ThroughputResult> figure) {
        return Spread.of(
                throughputRuns.stream()
                        .filter(r -> r.status() == Status.OK)
                        .mapToDouble(figure)
                        .toArray());
    }

    /** {@code figure} over the successful latency runs at {@code rate} records/s. */
    Spread latency(int rate, ToDoubleFunction<LatencyResult> figure) {
        return Spread.of(
                latencyRuns(rate).stream()
                        .filter(r -> r.status() == Status.OK)
                        .mapToDouble(figure)
                        .toArray());
    }
}
