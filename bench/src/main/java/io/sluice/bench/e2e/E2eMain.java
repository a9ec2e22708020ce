package io.sluice.bench.e2e;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: loads the input once, runs every workload's throughput and latency runs
 * interleaved against the same broker, and writes {@code results.md}, {@code throughput.png} and a
 * latency chart per input rate ({@code latency.png}, {@code latency-20000.png}, ...).
 *
 * <p>Run it with {@code bench/run-e2e.sh}; options are described by {@link BenchSettings#USAGE}. A
 * workload that fails a run is not run again; the page says why.
 */
public final class E2eMain {
    private final BenchSettings settings;
    private final List<String> notes = new ArrayList<>();
    private final Set<String> failed = new HashSet<>();

    private E2eMain(BenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (List.of(args).contains("--help")) {
            System.out.println(BenchSettings.USAGE);
            return;
        }
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // A harness stopped by Ctrl-C or SIGTERM takes its workload JVMs and broker with it.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () ->
                                        ProcessHandle.current()
                                                .descendants()
                                                .forEach(ProcessHandle::destroy),
                                "stop-workloads"));
        new E2eMain(settings).run();
    }

    private void run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        deleteRecursively(settings.workDirectory());
        Files.createDirectories(settings.workDirectory());
        Files.createDirectories(settings.outputDirectory());
        LocalBroker broker = null;
        String bootstrap;
        if (settings.bootstrapServers().isPresent()) {
            bootstrap = settings.bootstrapServers().get();
        } else {
            say("Starting a local Kafka broker ...");
            broker =
                    LocalBroker.start(
                            BrokerSettings.forTests(settings.workDirectory().resolve("broker")));
            bootstrap = broker.bootstrapServers();
        }
        String prefix =
                "bench-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "-";
        Optional<SchemaRegistry> registry = Optional.empty();
        try (BenchTopics topics = new BenchTopics(bootstrap)) {
            registry = maybeStartRegistry();
            Bench bench =
                    new Bench(
                            settings,
                            bootstrap,
                            topics,
                            prefix,
                            Optional.ofNullable(broker)
                                    .map(b -> ProcessHandle.of(b.pid()).orElseThrow()),
                            registry);
            Report report = measure(bench, started);
            ResultsPage.write(report, settings.outputDirectory().resolve("results.md"));
            Charts.throughput(report, settings.outputDirectory().resolve("throughput.png"));
            Charts.latency(report, settings.outputDirectory());
            say(
                    "Wrote %s (%s)",
                    settings.outputDirectory().resolve("results.md"), report.elapsed());
        } finally {
            registry.ifPresent(SchemaRegistry::close);
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * The schema registry, when a selected workload needs one: the one the environment names, else
     * Apicurio Registry started here. When none can be had, those workloads are left out with a
     * note.
     */
    private Optional<SchemaRegistry> maybeStartRegistry() throws IOException, InterruptedException {
        if (!Workloads.needRegistry(settings)) {
            return Optional.empty();
        }
        Optional<String> unavailable = SchemaRegistry.unavailable(settings);
        if (unavailable.isPresent()) {
            notes.add(
                    String.format(
                            "The Sluice workloads with a schema registry are not measured: %s.",
                            unavailable.get()));
            return Optional.empty();
        }
        say("Starting a schema registry ...");
        long startNanos = System.nanoTime();
        SchemaRegistry registry =
                SchemaRegistry.start(
                        settings,
                        settings.workDirectory().resolve("schema-registry"),
                        Workloads.invoiceSchema(settings));
        say(
                "Schema registry at %s (ready in %.1f s): %s",
                registry.url(), (System.nanoTime() - startNanos) / 1e9, registry.description());
        return Optional.of(registry);
    }

    private Report measure(Bench bench, Instant started) throws IOException, InterruptedException {
        List<Workload> workloads =
                Workloads.all(
                        settings,
                        bench.bootstrap(),
                        bench.registry().map(SchemaRegistry::url),
                        notes);
        for (Workload workload : workloads) {
            if (settings.latencyWorkloads().contains(workload.id()) && !hasLatency(workload)) {
                notes.add(
                        String.format(
                                "The latency of %s is not measured: its input needs the customers"
                                        + " table and invoices keyed by card, which the latency"
                                        + " runs do not make.",
                                workload.id()));
            }
        }
        notes.forEach(note -> say("Note: %s", note));
        Inputs inputs = new InputPreparer(bench, notes).prepare(workloads);
        double loadBefore = Machine.loadAverage();
        say("Load average before the first run: %.1f", loadBefore);
        List<WorkloadSummary> summaries = rounds(bench, workloads, inputs);
        // Topics go at the end, not after each run: deleting logs is broker work that would
        // land in the next run's figures.
        bench.topics().deleteWithPrefix(bench.prefix());
        bench.registry()
                .flatMap(SchemaRegistry::cpuSinceReady)
                .ifPresent(
                        cpu ->
                                notes.add(
                                        String.format(
                                                Locale.ROOT,
                                                "The schema registry used %.1f CPU s from the end"
                                                        + " of its start-up and warm-up to the end"
                                                        + " of the last run, shared by every run.",
                                                cpu.toNanos() / 1e9)));
        return new Report(
                settings,
                Machine.describe(settings.repository()),
                bench.broker().isPresent()
                        ? "a local single-node KRaft broker (`-Xmx1g`) started by the harness"
                        : "the cluster named by " + BenchSettings.BOOTSTRAP_ENV,
                bench.registry().map(SchemaRegistry::description),
                started,
                Duration.between(started, Instant.now()),
                loadBefore,
                Machine.loadAverage(),
                inputs,
                summaries,
                notes);
    }

    /**
     * Runs the rounds: each workload's throughput run, then for each rate each measured workload's
     * latency run, R times.
     */
    private List<WorkloadSummary> rounds(Bench bench, List<Workload> workloads, Inputs inputs)
            throws IOException, InterruptedException {
        Map<Workload, List<ThroughputResult>> throughput = new LinkedHashMap<>();
        Map<Workload, List<LatencyResult>> latency = new LinkedHashMap<>();
        workloads.forEach(w -> throughput.put(w, new ArrayList<>()));
        workloads.forEach(w -> latency.put(w, new ArrayList<>()));
        ThroughputRun throughputRun = new ThroughputRun(bench, inputs);
        LatencyRun latencyRun = new LatencyRun(bench);
        warmUpBroker(throughputRun, workloads);
        for (int round = 1; round <= settings.runs(); round++) {
            for (Workload workload : workloads) {
                if (!failed.contains(workload.id())) {
                    ThroughputResult result =
                            throughput(throughputRun, workload, round, inputs.of(workload));
                    say("%s", describe(result));
                    throughput.get(workload).add(result);
                    failIf(result.status(), workload);
                }
            }
            for (int rate : settings.latencyRates()) {
                for (Workload workload : workloads) {
                    if (settings.latencyWorkloads().contains(workload.id())
                            && hasLatency(workload)
                            && !failed.contains(workload.id())) {
                        LatencyResult result = latency(latencyRun, workload, round, rate);
                        say("%s", describe(result));
                        latency.get(workload).add(result);
                        failIf(result.status(), workload);
                    }
                }
            }
        }
        return workloads.stream()
                .map(w -> new WorkloadSummary(w, throughput.get(w), latency.get(w)))
                .toList();
    }

    /**
     * Runs copy-txn once, unrecorded, so that the broker's JIT has compiled its produce, fetch and
     * transaction paths before round 1: otherwise the first workloads of round 1 pay for it (seen
     * as 3 to 5 times the broker CPU of later rounds).
     */
    private static void warmUpBroker(ThroughputRun run, List<Workload> workloads)
            throws IOException, InterruptedException {
        Optional<Workload> copyTxn =
                workloads.stream().filter(w -> w.id().equals("copy-txn")).findFirst();
        if (copyTxn.isPresent()) {
            ThroughputResult result = run.run(copyTxn.get(), 0);
            say("Warm-up (not recorded): %s", describe(result));
        }
    }

    /**
     * Whether the latency runs can measure {@code workload}: they make a fresh input of invoices
     * keyed by store, and no customers.
     */
    private static boolean hasLatency(Workload workload) {
        return workload.input() != InputTopic.BY_CARD;
    }

    /** One throughput run; a harness error fails the run, not the whole benchmark. */
    private static ThroughputResult throughput(
            ThroughputRun run, Workload workload, int round, InputStats input)
            throws IOException, InterruptedException {
        try {
            return run.run(workload, round);
        } catch (RuntimeException e) {
            e.printStackTrace();
            return new ThroughputResult(
                    workload,
                    round,
                    Status.FAILED,
                    input.records(),
                    0,
                    workload.expectation().outputs(input),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    new ProcessUsage(Double.NaN, -1),
                    Double.NaN,
                    Startup.NONE,
                    "harness error: " + e,
                    "");
        }
    }

    /** One latency run; a harness error fails the run, not the whole benchmark. */
    private static LatencyResult latency(LatencyRun run, Workload workload, int round, int rate)
            throws IOException, InterruptedException {
        try {
            return run.run(workload, round, rate);
        } catch (RuntimeException e) {
            e.printStackTrace();
            return LatencyResult.failed(
                    workload, round, rate, Status.FAILED, 0, 0, "harness error: " + e);
        }
    }

    private void failIf(Status status, Workload workload) {
        if (status != Status.OK) {
            failed.add(workload.id());
            notes.add(
                    String.format(
                            "%s %s failed a run and was not run again; see Every run.",
                            workload.engine().label(), workload.label()));
        }
    }

    private static String describe(ThroughputResult r) {
        if (r.status() != Status.OK) {
            return String.format(
                    Locale.ROOT,
                    "[run %d] %-40s %s: %s",
                    r.round(),
                    r.workload().id(),
                    r.status(),
                    r.note());
        }
        String check = r.check().isEmpty() ? "" : "\n        output check: " + r.check();
        if (!r.startup().phases().isEmpty()) {
            check += "\n        start-up (s): " + r.startup().describe();
        }
        return String.format(
                Locale.ROOT,
                "[run %d] %-40s %,9.0f records/s  %5.1f s  first output %4.1f s  CPU %5.1f s (%4.1f µs/record)  RSS %4.0f MiB  broker CPU %5.1f s%s",
                r.round(),
                r.workload().id(),
                r.recordsPerSecond(),
                r.seconds(),
                r.firstOutputSeconds(),
                r.usage().cpuSeconds(),
                r.cpuMicrosPerRecord(),
                r.usage().peakRssBytes() / WorkloadSummary.MIB,
                r.brokerCpuSeconds(),
                check);
    }

    private static String describe(LatencyResult r) {
        if (r.status() != Status.OK) {
            return String.format(
                    Locale.ROOT,
                    "[run %d] %-40s latency at %,d/s %s: %s",
                    r.round(),
                    r.workload().id(),
                    r.rate(),
                    r.status(),
                    r.note());
        }
        return String.format(
                Locale.ROOT,
                "[run %d] %-40s latency at %,.0f/s: p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms (%,d records)  CPU %.1f s (%.0f%% of a core)  RSS %.0f MiB",
                r.round(),
                r.workload().id(),
                r.achievedRate(),
                r.p50Ms(),
                r.p95Ms(),
                r.p99Ms(),
                r.maxMs(),
                r.received(),
                r.windowCpuSeconds(),
                r.windowCpuPercent(),
                r.peakRssMib());
    }

    /** Prints a line of progress, after the time of day. */
    static void say(String template, Object... args) {
        System.out.printf(
                Locale.ROOT,
                "%tT %s%n",
                System.currentTimeMillis(),
                String.format(Locale.ROOT, template, args));
        System.out.flush();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
