package io.sluice.bench.e2e;

import static io.sluice.bench.e2e.Markdown.DASH;
import static io.sluice.bench.e2e.Markdown.count;
import static io.sluice.bench.e2e.Markdown.format;
import static io.sluice.bench.e2e.Markdown.percent;
import static io.sluice.bench.e2e.Markdown.percents;
import static io.sluice.bench.e2e.Markdown.precisePercent;
import static io.sluice.bench.e2e.Markdown.precisePercentRange;
import static io.sluice.bench.e2e.Markdown.spread;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes the results of one harness invocation as a Markdown page. */
final class ResultsPage {
    private final Report report;
    private final Markdown page = new Markdown();

    private ResultsPage(Report report) {
        this.report = report;
    }

    static void write(Report report, Path file) throws IOException {
        ResultsPage page = new ResultsPage(report);
        page.header();
        page.throughput();
        page.startupPhases();
        page.latency();
        page.targets();
        page.notes();
        EveryRunSection.write(report, page.page);
        Files.writeString(file, page.page.text(), StandardCharsets.UTF_8);
    }

    private void header() {
        BenchSettings s = report.settings();
        Machine m = report.machine();
        line("# End-to-end benchmark results");
        line("");
        line(
                "Written by `bench/run-e2e.sh` on %s (%s in all). Prose, method and how to read"
                        + " this: [e2e.md](e2e.md).",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(report.started().atOffset(ZoneOffset.UTC)),
                minutes(report.elapsed().toSeconds()));
        line("");
        line("| | |");
        line("| --- | --- |");
        line(
                "| machine | %s, %d cores, %.0f GiB |",
                m.cpu(), m.cores(), m.memoryBytes() / 1073741824.0);
        line("| system | %s, %s |", m.os(), m.jvm());
        line("| Kafka | %s clients; %s |", m.kafka(), report.cluster());
        report.registry().ifPresent(registry -> line("| schema registry | %s |", registry));
        line("| Sluice | commit %s |", m.commit());
        line(
                "| load | 1-minute load average %.1f before the first run, %.1f after the last |",
                report.loadBefore(), report.loadAfter());
        line(
                "| input | %s invoices + %d closing invoices, %d partitions, keyed by StoreID; %d%%"
                        + " out of order by up to 5 min (loaded in %.1f s) |",
                count(s.records()),
                report.inputs().main().records() - s.records(),
                s.partitions(),
                InvoiceGenerator.OUT_OF_ORDER_PERCENT,
                report.inputs().main().loadSeconds());
        report.inputs().find(InputTopic.BY_CARD).ifPresent(this::joinInput);
        line(
                "| runs | %d of each workload, interleaved; every figure is the median (min%smax)"
                        + " of the successful runs |",
                s.runs(), DASH);
        line("| workload JVMs | `-Xmx%s -XX:+UseG1GC`, one JVM per run |", s.heap());
        for (Engine engine : List.of(Engine.SLUICE, Engine.KAFKA_STREAMS)) {
            List<String> options = jvmOptions(engine);
            if (!options.isEmpty()) {
                line(
                        "| %s JVM options | `%s` (its throughput runs', as given) |",
                        engine.label(), String.join("`; `", options));
            }
        }
        line("");
    }

    /** The header's lines on the input of the stream-table joins. */
    private void joinInput(InputStats input) {
        line(
                "| join input | the same invoices, but PRIME ones carry the card of a generated"
                        + " customer (%.1f%% an unknown card), keyed by CustomerCardNo: %s PRIME,"
                        + " %s of known customers (loaded in %.1f s) |",
                CustomerGenerator.UNKNOWN_CARD_PER_MILLE / 10.0,
                count(input.primeRecords()),
                count(input.joinedRecords()),
                input.loadSeconds());
        input.table()
                .ifPresent(
                        table ->
                                line(
                                        "| join table | %s customers keyed by CustomerCardNo, a"
                                                + " compacted topic of %d partitions, loaded"
                                                + " before the join input (in %.1f s) |",
                                        count(table.customers()),
                                        table.partitions(),
                                        table.loadSeconds()));
    }

    private void throughput() {
        line("## Throughput");
        line("");
        line(
                "*records/s*: input records per second from the start of the workload's JVM to"
                        + " the last output visible to a `read_committed` consumer. *steady*: the"
                        + " same once under way, from the moment a quarter of the outputs were"
                        + " visible to the last. *CPU* and *peak RSS*: the workload JVM's, read at"
                        + " the last output; *CPU/record*: that CPU time over the input records,"
                        + " in microseconds. *broker CPU*: the broker's over the run. *vs*: the"
                        + " ratio of *records/s* to that workload's in the same round, median"
                        + " (min–max) over the rounds.");
        line("");
        line(
                "| workload | engine | records/s | vs copy-raw | vs copy-txn | vs Kafka Streams"
                        + " | first output (s)"
                        + " | steady records/s | CPU (s) | CPU/record (µs) | peak RSS (MiB)"
                        + " | broker CPU (s) | runs ok |");
        line(
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:"
                        + " | ---: |");
        Optional<WorkloadSummary> copyRaw = report.summary("copy-raw");
        Optional<WorkloadSummary> copyTxn = report.summary("copy-txn");
        for (WorkloadSummary s : report.summaries()) {
            Workload w = s.workload();
            String vsStreams =
                    w.engine() == Engine.SLUICE
                            ? percents(Report.ratio(s, report.streamsCounterpart(w)))
                            : "";
            line(
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |",
                    w.label(),
                    w.engine().label(),
                    spread(s.recordsPerSecond(), "%,.0f"),
                    w.id().equals("copy-raw") ? "" : percents(Report.ratio(s, copyRaw)),
                    w.id().equals("copy-txn") ? "" : percents(Report.ratio(s, copyTxn)),
                    vsStreams,
                    spread(s.firstOutputSeconds(), "%.1f"),
                    spread(s.steadyRecordsPerSecond(), "%,.0f"),
                    spread(s.cpuSeconds(), "%.1f"),
                    spread(s.cpuMicrosPerRecord(), "%.1f"),
                    spread(s.peakRssMib(), "%.0f"),
                    spread(s.brokerCpuSeconds(), "%.1f"),
                    s.throughputRuns().size() - s.failedThroughputRuns(),
                    s.throughputRuns().size());
        }
        line("");
        line("![Throughput](throughput.png)");
        line("");
    }

    /** The phases Sluice logged at start-up in its throughput runs; nothing when none did. */
    private void startupPhases() {
        List<WorkloadSummary> sluice =
                report.summaries().stream()
                        .filter(s -> s.workload().engine() == Engine.SLUICE)
                        .filter(s -> !s.startupPhases().isEmpty())
                        .toList();
        if (sluice.isEmpty()) {
            return;
        }
        List<String> phases = new ArrayList<>();
        sluice.forEach(
                s ->
                        s.startupPhases().stream()
                                .filter(p -> !phases.contains(p))
                                .forEach(phases::add));
        line("## Sluice start-up phases (s)");
        line("");
        line(
                "From the line Sluice logs once its first batch commits (`%s name=seconds ...`,"
                        + " in its log), in its throughput runs: each phase in seconds, in the"
                        + " order logged, the median of the successful runs (each run's line is"
                        + " under Every run).",
                Startup.MARKER);
        line("");
        line("| workload | %s | runs logged |", String.join(" | ", phases));
        line("| --- |%s ---: |", " ---: |".repeat(phases.size()));
        for (WorkloadSummary s : sluice) {
            StringBuilder row = new StringBuilder("| ").append(s.workload().label()).append(" |");
            for (String phase : phases) {
                Spread seconds = s.startupSeconds(phase);
                row.append(' ')
                        .append(seconds.isEmpty() ? DASH : format("%.2f", seconds.median()))
                        .append(" |");
            }
            line("%s %d |", row, s.startupSeconds(phases.get(0)).count());
        }
        line("");
    }

    private void latency() {
        if (report.summaries().stream().allMatch(s -> s.latencyRuns().isEmpty())) {
            return;
        }
        line("## Latency");
        line("");
        line(
                "From the send time (a header) to the receive time of a `read_committed` consumer,"
                        + " over %d s after a %d s warm-up; percentiles in milliseconds. *CPU s in"
                        + " the measured window*: the workload JVM's CPU time (user + system), read"
                        + " as the window opened and as it closed; *CPU %% of one core*: that over"
                        + " the window's length. *peak RSS*: the workload JVM's, once every"
                        + " measured output had arrived. One table per input rate; in a round,"
                        + " each rate's runs follow the last rate's.",
                report.settings().latencyMeasure().toSeconds(),
                report.settings().latencyWarmup().toSeconds());
        line("");
        for (int rate : report.settings().latencyRates()) {
            latencyAt(rate);
        }
    }

    private void latencyAt(int rate) {
        line("### Latency at %s records/s", count(rate));
        line("");
        line(
                "| workload | engine | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | CPU s in the"
                        + " measured window | CPU %% of one core | peak RSS (MiB) | runs ok |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (WorkloadSummary s : report.summaries()) {
            List<LatencyResult> runs = s.latencyRuns(rate);
            if (runs.isEmpty()) {
                continue;
            }
            line(
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |",
                    s.workload().label(),
                    s.workload().engine().label(),
                    spread(s.p50Ms(rate), "%.0f"),
                    spread(s.p95Ms(rate), "%.0f"),
                    spread(s.p99Ms(rate), "%.0f"),
                    spread(s.maxMs(rate), "%.0f"),
                    spread(s.latency(rate, LatencyResult::windowCpuSeconds), "%.1f"),
                    spread(s.latency(rate, LatencyResult::windowCpuPercent), "%.0f"),
                    spread(s.latency(rate, LatencyResult::peakRssMib), "%.0f"),
                    runs.size() - s.failedLatencyRuns(rate),
                    runs.size());
        }
        line("");
        line(
                "![Latency at %s records/s](%s)",
                count(rate), Charts.latencyFile(report.settings().latencyRates(), rate));
        line("");
    }

    private void targets() {
        line("## Engine targets");
        line("");
        line(
                "For the issue \"Performance: latency tail below Kafka Streams', start-up as fast as"
                        + " theirs\". A ratio is paired by round: one per round in which both"
                        + " workloads succeeded (at the same input rate for latency), the median"
                        + " (min%smax) of those; the absolute p99 is over the runs. The verdict"
                        + " judges the median.",
                DASH);
        line("");
        line("| figure | median (min%smax) | target | verdict |", DASH);
        line("| --- | ---: | --- | --- |");
        for (EngineTargets.Target t : EngineTargets.of(report)) {
            line(
                    "| %s | %s | %s | %s |",
                    t.what(),
                    t.measured().isEmpty()
                            ? "not measured"
                            : spread(t.measured(), t.format()) + t.unit(),
                    t.describeLimit(),
                    t.measured().isEmpty() ? t.verdict() : "**" + t.verdict() + "**");
        }
        line("");
        registryTarget(report.summary("sluice-json-to-avro"));
        line("");
    }

    /**
     * The registry path against the schema-file path, paired by round like every ratio here; the
     * steady ratio leaves out the start, where the registry path alone registers its schema.
     */
    private void registryTarget(Optional<WorkloadSummary> sluice) {
        Optional<WorkloadSummary> registry = report.summary("sluice-json-to-avro-registry");
        Spread ratios = registry.isPresent() ? Report.ratio(registry.get(), sluice) : Spread.of();
        if (ratios.isEmpty()) {
            line(
                    "- Schema registry: not measured (Sluice json-to-avro-registry and"
                            + " json-to-avro did not both complete a round).");
            return;
        }
        Spread steady =
                Report.ratio(registry.get(), sluice, ThroughputResult::steadyRecordsPerSecond);
        line(
                "- Schema registry: Sluice json-to-avro-registry (Confluent wire format, schema"
                        + " id registered at start) reaches **%s** of json-to-avro's records/s"
                        + " (schema file, plain Avro) in the same rounds (median of the rounds,"
                        + " %s; target >= %s): **%s**. Steady records/s: %s (%s).",
                precisePercent(ratios.median()),
                precisePercentRange(ratios),
                percent(Report.REGISTRY_TARGET),
                ratios.median() >= Report.REGISTRY_TARGET ? "met" : "not met",
                precisePercent(steady.median()),
                precisePercentRange(steady));
    }

    private void notes() {
        if (report.notes().isEmpty()) {
            return;
        }
        line("## Notes");
        line("");
        report.notes().forEach(note -> line("- %s", note));
        line("");
    }

    private static String minutes(long seconds) {
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    private void line(String template, Object... args) {
        page.line(template, args);
    }

    /** The distinct JVM option lines of an engine's throughput runs, without local paths. */
    private List<String> jvmOptions(Engine engine) {
        return report.summaries().stream()
                .filter(w -> w.workload().engine() == engine)
                .flatMap(w -> w.throughputRuns().stream())
                .map(r -> String.join(" ", r.startup().jvmOptions()))
                .map(ResultsPage::withoutLocalPaths)
                .filter(options -> !options.isEmpty())
                .distinct()
                .toList();
    }

    /**
     * JVM options with the run's temporary copy of the installation as {@code <copy>}: the page is
     * committed, and a path of the machine it ran on says nothing to its readers.
     */
    static String withoutLocalPaths(String options) {
        return options.replaceAll(
                "(?<=[=@])\\S*/(sluice/(sluice\\.jsa|jvm\\.options))", "<copy>/$1");
    }
}
