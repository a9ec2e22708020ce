package io.sluice.bench.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * One latency run: a workload reads a fresh input topic that a {@link RateProducer} fills at a
 * fixed rate, and an {@link OutputWatch} measures each output's delay.
 *
 * <p>Phases: start the workload and send one invoice every 100 ms until an output appears (it is
 * ready); then send at the full rate for the warm-up, and on for the measured window, reading the
 * workload JVM's CPU time as the window opens and as it closes; then wait until every output of the
 * measured records has arrived, at most {@value #DRAIN_SECONDS} s, and read its peak memory.
 */
final class LatencyRun {
    private static final long DRAIN_SECONDS = 30;
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

    private final Bench bench;

    LatencyRun(Bench bench) {
        this.bench = bench;
    }

    /** Runs {@code workload} once, sending {@code rate} records a second. */
    LatencyResult run(Workload workload, int round, int rate)
            throws IOException, InterruptedException {
        BenchSettings settings = bench.settings();
        RunTopics run = bench.run(workload, "l" + rate + "-", round, Optional.empty());
        bench.topics().create(settings.partitions(), run.input(), run.output());
        JvmCommand command = workload.launcher().command(run);
        InvoiceGenerator generator = InvoiceGenerator.fromSample(bench.sample(), 1000L + round);
        try (OutputWatch watch = OutputWatch.start(bench.bootstrap(), run.output());
                RateProducer producer =
                        new RateProducer(bench.bootstrap(), run.input(), generator);
                WorkloadJvm jvm =
                        WorkloadJvm.start(
                                command,
                                settings.heap(),
                                run.directory().resolve("workload.log"))) {
            if (!awaitReady(watch, producer, jvm)) {
                System.out.println(jvm.logTail());
                return failed(workload, round, rate, watch, jvm, "no output while probing");
            }
            long measureFrom = System.nanoTime() + settings.latencyWarmup().toNanos();
            long until = measureFrom + settings.latencyMeasure().toNanos();
            watch.measure(measureFrom, until);
            CpuWindow cpu = new CpuWindow(jvm.process());
            RateProducer.Sent sent = producer.sendAtRate(rate, measureFrom, until, cpu);
            long expected = workload.expectation().outputs(sent);
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(DRAIN_SECONDS).toNanos();
            boolean complete =
                    watch.await(() -> watch.measured() >= expected, drainDeadline, jvm::isAlive);
            long peakRssBytes = jvm.usage().peakRssBytes();
            watch.stop();
            long[] latencies = watch.sortedLatenciesNanos();
            Status status = complete ? Status.OK : jvm.isAlive() ? Status.TIMED_OUT : Status.FAILED;
            String note =
                    complete
                            ? ""
                            : String.format(
                                    "received %d of %d measured outputs; log %s",
                                    latencies.length, expected, jvm.log());
            return new LatencyResult(
                    workload,
                    round,
                    rate,
                    status,
                    expected,
                    latencies.length,
                    sent.achievedRate(),
                    LatencyResult.percentileMs(latencies, 0.50),
                    LatencyResult.percentileMs(latencies, 0.95),
                    LatencyResult.percentileMs(latencies, 0.99),
                    LatencyResult.percentileMs(latencies, 1.0),
                    cpu.reading(),
                    peakRssBytes,
                    note);
        }
    }

    private boolean awaitReady(OutputWatch watch, RateProducer producer, WorkloadJvm jvm)
            throws InterruptedException {
        long deadline = jvm.startedNanos() + bench.settings().runTimeout().toNanos();
        while (watch.count() == 0) {
            if (System.nanoTime() > deadline || !jvm.isAlive()) {
                return false;
            }
            producer.sendOne();
            long next = Math.min(deadline, System.nanoTime() + PROBE_INTERVAL.toNanos());
            watch.await(() -> watch.count() > 0, next, jvm::isAlive);
        }
        return true;
    }

    private static LatencyResult failed(
            Workload workload,
            int round,
            int rate,
            OutputWatch watch,
            WorkloadJvm jvm,
            String why) {
        Status status = jvm.isAlive() ? Status.TIMED_OUT : Status.FAILED;
        return LatencyResult.failed(
                workload, round, rate, status, 0, watch.count(), why + "; log " + jvm.log());
    }
}
