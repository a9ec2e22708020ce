package io.sluice.bench.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Everything one harness invocation measured, for the results page and the charts.
 *
 * @param settings what was measured
 * @param machine where
 * @param cluster which broker: the local one the harness started, or the one the environment named
 * @param registry which schema registry, when a workload needed one
 * @param started when the invocation started
 * @param elapsed how long it took
 * @param loadBefore the machine's 1-minute load average before the first run
 * @param loadAfter the same after the last run
 * @param inputs what the throughput runs read
 * @param summaries one per workload, in the order of a round
 * @param notes what was left out and why
 */
record Report(
        BenchSettings settings,
        Machine machine,
        String cluster,
        Optional<String> registry,
        Instant started,
        Duration elapsed,
        double loadBefore,
        double loadAfter,
        Inputs inputs,
        List<WorkloadSummary> summaries,
        List<String> notes) {

    /**
     * Sluice's json-to-avro-registry throughput must reach this share of json-to-avro's: the
     * registry path costs at most 5%.
     */
    static final double REGISTRY_TARGET = 0.95;

    Report {
        summaries = List.copyOf(summaries);
        notes = List.copyOf(notes);
    }

    Optional<WorkloadSummary> summary(String workloadId) {
        return summaries.stream().filter(s -> s.workload().id().equals(workloadId)).findFirst();
    }

    /** The Kafka Streams workload of the same pipeline as {@code sluice}. */
    Optional<WorkloadSummary> streamsCounterpart(Workload sluice) {
        return summaries.stream()
                .filter(s -> s.workload().engine() == Engine.KAFKA_STREAMS)
                .filter(s -> s.workload().pipeline().equals(sluice.pipeline()))
                .findFirst();
    }

    /**
     * The throughput of {@code summary} over that of {@code reference}, run by run: one ratio per
     * round in which both succeeded (runs of one round are minutes apart, under the same load).
     */
    static Spread ratio(WorkloadSummary summary, Optional<WorkloadSummary> reference) {
        return ratio(summary, reference, ThroughputResult::recordsPerSecond);
    }

    /** The same for another figure of the throughput runs, such as the steady records/s. */
    static Spread ratio(
            WorkloadSummary summary,
            Optional<WorkloadSummary> reference,
            ToDoubleFunction<ThroughputResult> figure) {
        return reference.isEmpty()
                ? Spread.of()
                : paired(summary.throughputRuns(), reference.get().throughputRuns(), figure);
    }

    /**
     * A figure of the latency runs of {@code summary} at {@code rate} over that of {@code
     * reference}, run by run: one ratio per round in which both succeeded at that rate.
     */
    static Spread latencyRatio(
            WorkloadSummary summary,
            Optional<WorkloadSummary> reference,
            int rate,
            ToDoubleFunction<LatencyResult> figure) {
        return reference.isEmpty()
                ? Spread.of()
                : paired(summary.latencyRuns(rate), reference.get().latencyRuns(rate), figure);
    }

    /** {@code figure} of each successful run over that of the successful other of its round. */
    private static <R extends RunResult> Spread paired(
            List<R> runs, List<R> others, ToDoubleFunction<R> figure) {
        List<Double> ratios = new ArrayList<>();
        for (R run : runs) {
            for (R other : others) {
                if (run.round() == other.round()
                        && run.status() == Status.OK
                        && other.status() == Status.OK) {
                    ratios.add(figure.applyAsDouble(run) / figure.applyAsDouble(other));
                }
            }
        }
        return Spread.of(ratios.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
