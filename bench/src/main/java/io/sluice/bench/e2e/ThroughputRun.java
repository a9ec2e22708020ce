package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One throughput run: a workload reads the whole input topic from its beginning into a fresh output
 * topic, timed from the start of its JVM until a {@code read_committed} consumer has seen every
 * expected output; then it is stopped.
 */
final class ThroughputRun {
    private final Bench bench;
    private final Inputs inputs;

    ThroughputRun(Bench bench, Inputs inputs) {
        this.bench = bench;
        this.inputs = inputs;
    }

    /**
     * Runs {@code workload} once; when its input has a customers table, its outputs are checked
     * once it has stopped.
     */
    ThroughputResult run(Workload workload, int round) throws IOException, InterruptedException {
        InputStats input = inputs.of(workload);
        RunTopics run = bench.run(workload, "t", round, Optional.of(input));
        ThroughputResult result = measure(workload, round, input, run);
        if (result.status() != Status.OK || input.table().isEmpty()) {
            return result;
        }
        return result.checked(
                input.table().get().check().verify(bench.bootstrap(), run.output(), input));
    }

    private ThroughputResult measure(Workload workload, int round, InputStats input, RunTopics run)
            throws IOException, InterruptedException {
        bench.topics().create(input.partitions(), run.output());
        long expected = workload.expectation().outputs(input);
        JvmCommand command = workload.launcher().command(run);
        Path log = run.directory().resolve("workload.log");
        ThroughputResult result;
        try (OutputWatch watch = OutputWatch.start(bench.bootstrap(), run.output())) {
            watch.markAt(Math.max(1, expected / 4));
            Duration brokerBefore = bench.brokerCpu();
            try (WorkloadJvm jvm = WorkloadJvm.start(command, bench.settings().heap(), log)) {
                long deadline = jvm.startedNanos() + bench.settings().runTimeout().toNanos();
                boolean complete =
                        watch.await(() -> watch.count() >= expected, deadline, jvm::isAlive);
                ProcessUsage usage = jvm.usage();
                double brokerCpu = bench.brokerCpu().minus(brokerBefore).toNanos() / 1e9;
                Status status =
                        complete ? Status.OK : jvm.isAlive() ? Status.TIMED_OUT : Status.FAILED;
                String note =
                        complete
                                ? ""
                                : String.format(
                                        "saw %d of %d outputs; %s; log %s",
                                        watch.count(),
                                        expected,
                                        jvm.isAlive()
                                                ? "still running after "
                                                        + bench.settings().runTimeout()
                                                : "exited with code " + jvm.exitValue(),
                                        jvm.log());
                if (!complete) {
                    System.out.println(jvm.logTail());
                }
                result =
                        new ThroughputResult(
                                workload,
                                round,
                                status,
                                input.records(),
                                watch.count(),
                                expected,
                                seconds(jvm.startedNanos(), watch.lastNanos()),
                                seconds(jvm.startedNanos(), watch.firstNanos()),
                                complete
                                        ? steadyRate(watch, input.records(), expected)
                                        : Double.NaN,
                                usage,
                                brokerCpu,
                                new Startup(jvm.options(), List.of()),
                                note,
                                "");
            }
        }
        // Read once the JVM has stopped: Sluice logs the line after its first batch commits, and a
        // run of one batch can end before it is written.
        return workload.engine() == Engine.SLUICE
                ? result.withStartup(result.startup().withPhasesFrom(log))
                : result;
    }

    /**
     * Input records per second over the outputs after the first quarter: the JVM's start, the group
     * join and the first batch (a whole batch becomes visible at once) stay out of it.
     */
    private static double steadyRate(OutputWatch watch, long inputRecords, long expected) {
        double outputsPerSecond =
                (watch.count() - watch.markCount()) / seconds(watch.markNanos(), watch.lastNanos());
        return outputsPerSecond * inputRecords / expected;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return toNanos == 0 ? Double.NaN : (toNanos - fromNanos) / 1e9;
    }
}
