package io.sluice.bench.e2e;

import static io.sluice.bench.e2e.Markdown.count;

import java.util.Locale;

/** The results page's last section: every run of every workload, one row each, and their notes. */
final class EveryRunSection {
    private final Report report;
    private final Markdown page;

    private EveryRunSection(Report report, Markdown page) {
        this.report = report;
        this.page = page;
    }

    /** Appends the section to {@code page}. */
    static void write(Report report, Markdown page) {
        new EveryRunSection(report, page).everyRun();
    }

    private void everyRun() {
        line("## Every run");
        line("");
        line(
                "| run | workload | engine | status | records/s | s | first output (s) | steady"
                        + " records/s | CPU (s) | CPU/record (µs) | peak RSS (MiB) | broker CPU (s)"
                        + " | outputs |");
        line(
                "| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:"
                        + " | ---: |");
        for (int round = 1; round <= report.settings().runs(); round++) {
            for (WorkloadSummary s : report.summaries()) {
                for (ThroughputResult r : s.throughputRuns()) {
                    if (r.round() == round) {
                        throughputRow(r);
                    }
                }
            }
        }
        line("");
        if (report.summaries().stream().anyMatch(s -> !s.latencyRuns().isEmpty())) {
            latencyRows();
        }
        report.summaries().stream()
                .flatMap(s -> s.throughputRuns().stream())
                .filter(r -> !r.note().isEmpty())
                .forEach(r -> line("- %s run %d: %s", r.workload().id(), r.round(), r.note()));
        report.summaries().stream()
                .flatMap(s -> s.throughputRuns().stream())
                .filter(r -> !r.startup().phases().isEmpty())
                .forEach(
                        r ->
                                line(
                                        "- %s run %d, start-up (s): %s",
                                        r.workload().id(), r.round(), r.startup().describe()));
        report.summaries().stream()
                .flatMap(s -> s.throughputRuns().stream())
                .filter(r -> r.status() == Status.OK && !r.check().isEmpty())
                .forEach(
                        r ->
                                line(
                                        "- %s run %d, output check: %s",
                                        r.workload().id(), r.round(), r.check()));
        report.summaries().stream()
                .flatMap(s -> s.latencyRuns().stream())
                .filter(r -> !r.note().isEmpty())
                .forEach(
                        r ->
                                line(
                                        "- %s latency run %d at %s records/s: %s",
                                        r.workload().id(), r.round(), count(r.rate()), r.note()));
    }

    private void latencyRows() {
        line(
                "| run | workload | engine | rate (records/s) | status | sent/s | p50 (ms) | p95"
                        + " (ms) | p99 (ms) | max (ms) | CPU s in the measured window | CPU %% of"
                        + " one core | peak RSS (MiB) | measured |");
        line(
                "| ---: | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---:"
                        + " | ---: | ---: |");
        for (int round = 1; round <= report.settings().runs(); round++) {
            for (int rate : report.settings().latencyRates()) {
                for (WorkloadSummary s : report.summaries()) {
                    for (LatencyResult r : s.latencyRuns(rate)) {
                        if (r.round() == round) {
                            latencyRow(r);
                        }
                    }
                }
            }
        }
        line("");
    }

    private void throughputRow(ThroughputResult r) {
        line(
                "| %d | %s | %s | %s | %,.0f | %.1f | %.1f | %,.0f | %.1f | %.1f | %.0f | %.1f | %s / %s"
                        + " |",
                r.round(),
                r.workload().label(),
                r.workload().engine().label(),
                r.status().name().toLowerCase(Locale.ROOT),
                r.status() == Status.OK ? r.recordsPerSecond() : Double.NaN,
                r.seconds(),
                r.firstOutputSeconds(),
                r.steadyRecordsPerSecond(),
                r.usage().cpuSeconds(),
                r.cpuMicrosPerRecord(),
                r.usage().peakRssBytes() / WorkloadSummary.MIB,
                r.brokerCpuSeconds(),
                count(r.outputs()),
                count(r.expectedOutputs()));
    }

    private void latencyRow(LatencyResult r) {
        line(
                "| %d | %s | %s | %s | %s | %,.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.0f | %.0f"
                        + " | %s / %s |",
                r.round(),
                r.workload().label(),
                r.workload().engine().label(),
                count(r.rate()),
                r.status().name().toLowerCase(Locale.ROOT),
                r.achievedRate(),
                r.p50Ms(),
                r.p95Ms(),
                r.p99Ms(),
                r.maxMs(),
                r.windowCpuSeconds(),
                r.windowCpuPercent(),
                r.peakRssMib(),
                count(r.received()),
                count(r.expected()));
    }

    private void line(String template, Object... args) {
        page.line(template, args);
    }
}
