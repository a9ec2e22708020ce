package io.sluice.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The engine targets of the issue "Performance: latency tail below Kafka Streams', start-up as fast
 * as theirs", judged on a report: Sluice against Kafka Streams and the copy loops.
 *
 * <p>A ratio is paired by round (one per round in which both workloads succeeded, at the same rate
 * for latency runs) and judged on its median; an absolute figure is judged on its median over the
 * runs. A target whose workloads did not both run is not measured.
 */
final class EngineTargets {
    /** The input rate of the absolute p99 and CPU targets, records per second. */
    static final int SLOW_RATE = 5_000;

    private static final String SLUICE_JSON = "sluice-json-to-avro";
    private static final String STREAMS_JSON = "kstreams-json-to-avro";

    private EngineTargets() {}

    /** Every target, measured or not, in the order of the page. */
    static List<Target> of(Report report) {
        List<Target> targets = new ArrayList<>();
        Optional<WorkloadSummary> sluice = report.summary(SLUICE_JSON);
        Optional<WorkloadSummary> streams = report.summary(STREAMS_JSON);
        for (int rate : report.settings().latencyRates()) {
            targets.add(
                    Target.ratio(
                            String.format(
                                    Locale.ROOT,
                                    "json-to-avro p99 latency at %,d records/s, Sluice / Kafka"
                                            + " Streams",
                                    rate),
                            latencyRatio(sluice, streams, rate, LatencyResult::p99Ms),
                            Bound.AT_MOST,
                            0.5));
        }
        targets.add(
                new Target(
                        String.format(
                                Locale.ROOT,
                                "Sluice json-to-avro p99 latency at %,d records/s (over runs)",
                                SLOW_RATE),
                        sluice.map(s -> s.p99Ms(SLOW_RATE)).orElseGet(Spread::of),
                        Bound.BELOW,
                        80,
                        "%.0f",
                        " ms"));
        targets.add(
                Target.ratio(
                        String.format(
                                Locale.ROOT,
                                "json-to-avro CPU in the measured window at %,d records/s,"
                                        + " Sluice / Kafka Streams",
                                SLOW_RATE),
                        latencyRatio(sluice, streams, SLOW_RATE, LatencyResult::windowCpuSeconds),
                        Bound.AT_MOST,
                        0.5));
        targets.add(
                Target.ratio(
                        "json-to-avro first output (s), Sluice / Kafka Streams",
                        throughputRatio(
                                report,
                                SLUICE_JSON,
                                STREAMS_JSON,
                                ThroughputResult::firstOutputSeconds),
                        Bound.AT_MOST,
                        1.0));
        for (String pipeline : List.of("json-to-avro", "invoice-notifications")) {
            targets.add(
                    Target.ratio(
                            pipeline + " peak RSS of the throughput runs, Sluice / Kafka Streams",
                            throughputRatio(
                                    report,
                                    "sluice-" + pipeline,
                                    "kstreams-" + pipeline,
                                    EngineTargets::peakRssBytes),
                            Bound.AT_MOST,
                            1.0));
        }
        targets.add(
                recordsPerSecond(
                        report, "json-to-avro records/s, Sluice / copy-txn", "copy-txn", 0.8));
        targets.add(
                recordsPerSecond(
                        report,
                        "json-to-avro records/s, Sluice / Kafka Streams",
                        STREAMS_JSON,
                        2.0));
        targets.add(
                recordsPerSecond(
                        report,
                        "invoice-notifications records/s, Sluice / Kafka Streams",
                        "sluice-invoice-notifications",
                        "kstreams-invoice-notifications",
                        2.0));
        targets.add(
                recordsPerSecond(
                        report,
                        "store-sales-windows (repartitioned) records/s, Sluice / Kafka Streams",
                        "sluice-store-sales-windows",
                        "kstreams-store-sales-windows",
                        2.0));
        targets.add(
                recordsPerSecond(
                        report,
                        "store-sales-windows (keyed) records/s, Sluice / Kafka Streams",
                        "sluice-store-sales-windows-keyed",
                        "kstreams-store-sales-windows",
                        2.5));
        return targets;
    }

    private static Target recordsPerSecond(
            Report report, String what, String reference, double limit) {
        return recordsPerSecond(report, what, SLUICE_JSON, reference, limit);
    }

    private static Target recordsPerSecond(
            Report report, String what, String sluice, String reference, double limit) {
        return Target.ratio(
                what,
                throughputRatio(report, sluice, reference, ThroughputResult::recordsPerSecond),
                Bound.AT_LEAST,
                limit);
    }

    private static double peakRssBytes(ThroughputResult run) {
        long bytes = run.usage().peakRssBytes();
        return bytes < 0 ? Double.NaN : bytes;
    }

    private static Spread throughputRatio(
            Report report,
            String workload,
            String reference,
            ToDoubleFunction<ThroughputResult> figure) {
        Optional<WorkloadSummary> summary = report.summary(workload);
        return summary.isEmpty()
                ? Spread.of()
                : Report.ratio(summary.get(), report.summary(reference), figure);
    }

    private static Spread latencyRatio(
            Optional<WorkloadSummary> workload,
            Optional<WorkloadSummary> reference,
            int rate,
            ToDoubleFunction<LatencyResult> figure) {
        return workload.isEmpty()
                ? Spread.of()
                : Report.latencyRatio(workload.get(), reference, rate, figure);
    }

    /** How a measured median must compare with its limit. */
    enum Bound {
        AT_MOST("at most"),
        AT_LEAST("at least"),
        BELOW("below");

        private final String label;

        Bound(String label) {
            this.label = label;
        }

        boolean holds(double value, double limit) {
            if (this == AT_MOST) {
                return value <= limit;
            }
            return this == AT_LEAST ? value >= limit : value < limit;
        }

        String label() {
            return label;
        }
    }

    /**
     * One target.
     *
     * @param what the figure, as the page names it
     * @param measured its median, minimum and maximum; empty when not measured
     * @param bound how the median must compare with {@code limit}
     * @param limit the target
     * @param format how to print a value of the figure and the limit
     * @param unit what follows the figures, such as {@code " ms"}; empty for a ratio
     */
    record Target(
            String what, Spread measured, Bound bound, double limit, String format, String unit) {
        static Target ratio(String what, Spread measured, Bound bound, double limit) {
            return new Target(what, measured, bound, limit, "%.2f", "");
        }

        /** {@code met}, {@code not met} or {@code not measured}. */
        String verdict() {
            if (measured.isEmpty()) {
                return "not measured";
            }
            return bound.holds(measured.median(), limit) ? "met" : "not met";
        }

        /** The limit as the page gives it, such as {@code at most 0.50}. */
        String describeLimit() {
            return bound.label() + " " + String.format(Locale.ROOT, format, limit) + unit;
        }
    }
}
