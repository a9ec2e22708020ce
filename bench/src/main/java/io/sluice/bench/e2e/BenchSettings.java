package io.sluice.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of the end-to-end harness measures and where it writes.
 *
 * @param records invoices loaded into the input topic of the throughput runs
 * @param customers customers loaded into the table topic of the stream-table joins
 * @param partitions partitions of every input and output topic
 * @param runs runs of each workload, interleaved (A B C A B C ...)
 * @param latencyRates the input rates of the latency runs, records per second: each measured
 *     workload has one latency run per rate in every round
 * @param latencyWarmup how long the latency runs send before they start measuring
 * @param latencyMeasure how long the latency runs measure
 * @param runTimeout how long a throughput run may take before it counts as failed
 * @param heap the {@code -Xmx} of every workload JVM
 * @param latencyWorkloads the workloads whose latency is measured
 * @param only the workloads to run; empty for all
 * @param repository the root of the Sluice repository (pipeline files, schemas, sample data)
 * @param outputDirectory where the table and the charts go
 * @param workDirectory where the broker, the pipeline files and the logs of this run go
 * @param bootstrapServers a cluster to use instead of a local broker
 * @param schemaRegistryUrl a schema registry to use instead of the Apicurio Registry the harness
 *     starts for the workloads that need one
 */
record BenchSettings(
        int records,
        int customers,
        int partitions,
        int runs,
        List<Integer> latencyRates,
        Duration latencyWarmup,
        Duration latencyMeasure,
        Duration runTimeout,
        String heap,
        List<String> latencyWorkloads,
        List<String> only,
        Path repository,
        Path outputDirectory,
        Path workDirectory,
        Optional<String> bootstrapServers,
        Optional<String> schemaRegistryUrl) {

    /** The environment variable that names a cluster to use instead of a local broker. */
    static final String BOOTSTRAP_ENV = "SLUICE_BENCH_BOOTSTRAP_SERVERS";

    /**
     * The environment variable that names a schema registry (its Confluent-compatible base URL) to
     * use instead of starting one.
     */
    static final String REGISTRY_ENV = "SLUICE_BENCH_SCHEMA_REGISTRY_URL";

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: E2eMain [--records=N] [--customers=N] [--partitions=P] [--runs=R]",
                    "               [--rates=PER_SECOND,...] [--warmup-seconds=S] [--latency-seconds=S]",
                    "               [--timeout-seconds=S] [--heap=1g] [--latency=W,W,...]",
                    "               [--only=W,W,...] [--repository=DIR] [--out=DIR] [--work=DIR]",
                    "Uses the cluster named by $"
                            + BOOTSTRAP_ENV
                            + ", else starts a local broker; the schema registry named by $"
                            + REGISTRY_ENV
                            + ",",
                    "else starts Apicurio Registry when a selected workload needs one.",
                    "--rate=PER_SECOND is --rates with one rate.");

    BenchSettings {
        argument(records > 0, "--records must be > 0, got %s", records);
        argument(customers > 0, "--customers must be > 0, got %s", customers);
        argument(partitions > 0, "--partitions must be > 0, got %s", partitions);
        argument(runs > 0, "--runs must be > 0, got %s", runs);
        argument(!latencyRates.isEmpty(), "--rates must name at least one rate");
        argument(
                latencyRates.stream().allMatch(rate -> rate > 0),
                "--rates must all be > 0, got %s",
                latencyRates);
        // a rate's runs are named after it, so a rate named twice would reuse their topics
        argument(
                latencyRates.stream().distinct().count() == latencyRates.size(),
                "--rates must differ, got %s",
                latencyRates);
        latencyRates = List.copyOf(latencyRates);
        latencyWorkloads = List.copyOf(latencyWorkloads);
        only = List.copyOf(only);
    }

    /** Settings from {@code --name=value} arguments and the environment; defaults otherwise. */
    static BenchSettings parse(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            argument(
                    arg.startsWith("--") && equals > 2,
                    "expected --name=value, got '%s'%n%s",
                    arg,
                    USAGE);
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        Path repository = Path.of(options.getOrDefault("repository", ".")).toAbsolutePath();
        BenchSettings settings =
                new BenchSettings(
                        intOption(options, "records", 500_000),
                        intOption(options, "customers", 100_000),
                        intOption(options, "partitions", 4),
                        intOption(options, "runs", 3),
                        rates(options),
                        Duration.ofSeconds(intOption(options, "warmup-seconds", 30)),
                        Duration.ofSeconds(intOption(options, "latency-seconds", 20)),
                        Duration.ofSeconds(intOption(options, "timeout-seconds", 180)),
                        options.getOrDefault("heap", "1g"),
                        listOption(
                                options,
                                "latency",
                                "copy-txn,sluice-json-to-avro,kstreams-json-to-avro"),
                        listOption(options, "only", ""),
                        repository.normalize(),
                        pathOption(options, "out", repository.resolve("docs/benchmarks")),
                        pathOption(options, "work", repository.resolve("bench/target/e2e-work")),
                        Optional.ofNullable(env.get(BOOTSTRAP_ENV)).filter(s -> !s.isBlank()),
                        Optional.ofNullable(env.get(REGISTRY_ENV))
                                .map(String::trim)
                                .filter(s -> !s.isBlank())
                                .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
        List<String> unknown = new ArrayList<>(options.keySet());
        unknown.removeAll(
                List.of(
                        "records",
                        "customers",
                        "partitions",
                        "runs",
                        "rates",
                        "rate",
                        "warmup-seconds",
                        "latency-seconds",
                        "timeout-seconds",
                        "heap",
                        "latency",
                        "only",
                        "repository",
                        "out",
                        "work"));
        argument(unknown.isEmpty(), "unknown options %s%n%s", unknown, USAGE);
        return settings;
    }

    /** Whether {@code workload} is to run at all. */
    boolean includes(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format("--%s must be a whole number, got '%s'", name, value), e);
        }
    }

    /** {@code --rates}, or {@code --rate}, its one-rate form; not both. */
    private static List<Integer> rates(Map<String, String> options) {
        argument(
                !(options.containsKey("rates") && options.containsKey("rate")),
                "give --rates or --rate, not both");
        String name = options.containsKey("rate") ? "rate" : "rates";
        List<Integer> rates = new ArrayList<>();
        for (String rate : listOption(options, name, "5000,20000")) {
            rates.add(intOption(Map.of(name, rate.trim()), name, 0));
        }
        return rates;
    }

    private static List<String> listOption(
            Map<String, String> options, String name, String fallback) {
        String value = options.getOrDefault(name, fallback);
        return value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }

    private static Path pathOption(Map<String, String> options, String name, Path fallback) {
        String value = options.get(name);
        return (value == null ? fallback : Path.of(value)).toAbsolutePath().normalize();
    }

    private static void argument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }
}
