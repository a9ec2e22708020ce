package io.sluice.bench.e2e;

import io.sluice.bench.e2e.copy.CopyLoop;
import io.sluice.bench.e2e.streams.StreamsMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of workloads: the two copy loops, and each pipeline as Sluice runs it and as Kafka
 * Streams does; some pipelines have Sluice-only variants.
 */
final class Workloads {
    /** The pipelines both engines run, in the order of the results. */
    static final List<Pipeline> PIPELINES =
            List.of(
                    new Pipeline("json-to-avro", Expectation.EVERY_RECORD),
                    // The same with the sink in the Confluent wire format under an id it registers
                    // at start: the schema registry's cost, measured against the line above.
                    new Pipeline(
                            "json-to-avro",
                            Expectation.EVERY_RECORD,
                            InputTopic.BY_STORE,
                            "-registry",
                            List.of(),
                            "json-to-avro-registry"),
                    new Pipeline("invoice-notifications", Expectation.PRIME_ONLY),
                    // The generator keys invoices by StoreID, as Kafka Streams' groupByKey
                    // assumes: told so, Sluice aggregates where it reads; the shipped file, which
                    // cannot assume it, moves every row through the repartition topic.
                    new Pipeline(
                            "store-sales-windows",
                            Expectation.CLOSED_WINDOWS,
                            InputTopic.BY_STORE,
                            "-keyed",
                            List.of("StoreID")),
                    new Pipeline("store-sales-windows", Expectation.CLOSED_WINDOWS),
                    // A left join with a table of customers: both engines read invoices keyed by
                    // card, co-partitioned with the customers topic.
                    new Pipeline(
                            "invoice-enriched-notifications",
                            Expectation.PRIME_ONLY,
                            InputTopic.BY_CARD,
                            "",
                            List.of()));

    private static final String SLUICE_MAIN = "io.sluice.cli.SluiceMain";

    /**
     * The system property (from {@code $SLUICE_BENCH_KSTREAMS_JAVA_OPTS} in {@code run-e2e.sh})
     * with JVM options for the Kafka Streams runs, after the harness's own: to compare the engines
     * under the same collector as Sluice's {@code config/jvm.options}.
     */
    private static final String KAFKA_STREAMS_OPTIONS_PROPERTY = "sluice.bench.kstreams.jvmoptions";

    private Workloads() {}

    private static List<String> kafkaStreamsOptions() {
        String options = System.getProperty(KAFKA_STREAMS_OPTIONS_PROPERTY, "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /**
     * The invoice schema: the Kafka Streams json-to-avro writes it, the registry warm-up registers
     * it.
     */
    static Path invoiceSchema(BenchSettings settings) {
        return settings.repository().resolve("topologies/json-to-avro/schemas/invoice.avsc");
    }

    /** Whether a selected Sluice workload's pipeline file uses a schema registry. */
    static boolean needRegistry(BenchSettings settings) throws IOException {
        for (Pipeline pipeline : PIPELINES) {
            Path file = pipeline.file(settings);
            if (settings.includes(pipeline.sluiceId())
                    && PipelineRewrite.exists(file)
                    && PipelineRewrite.usesRegistry(file)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every workload that can run, in the order of a round; a Sluice pipeline whose file is not
     * there yet is left out, with a note saying so, and so is one that needs a schema registry when
     * {@code registryUrl} is empty (the caller notes why).
     */
    static List<Workload> all(
            BenchSettings settings,
            String bootstrap,
            Optional<String> registryUrl,
            List<String> notes)
            throws IOException {
        List<Workload> workloads = new ArrayList<>();
        workloads.add(copy("copy-raw", "raw", bootstrap));
        workloads.add(copy("copy-txn", "txn", bootstrap));
        Path schema = invoiceSchema(settings);
        for (Pipeline pipeline : PIPELINES) {
            Path file = pipeline.file(settings);
            if (PipelineRewrite.exists(file)) {
                if (!PipelineRewrite.usesRegistry(file)) {
                    workloads.add(sluice(pipeline, file, bootstrap, Optional.empty()));
                } else if (registryUrl.isPresent()) {
                    workloads.add(sluice(pipeline, file, bootstrap, registryUrl));
                }
            } else if (pipeline.variant().isEmpty()) {
                notes.add(
                        String.format(
                                "Sluice %s is not measured: %s does not exist yet.",
                                pipeline.name(), settings.repository().relativize(file)));
            }
            if (pipeline.variant().isEmpty()) {
                workloads.add(streams(pipeline, bootstrap, schema));
            }
        }
        return workloads.stream().filter(w -> settings.includes(w.id())).toList();
    }

    private static Workload copy(String id, String mode, String bootstrap) {
        return new Workload(
                id,
                Engine.CEILING,
                id,
                Expectation.EVERY_RECORD,
                InputTopic.BY_STORE,
                run ->
                        new JvmCommand(
                                CopyLoop.class.getName(),
                                List.of(mode, bootstrap, run.input(), run.output(), run.id())));
    }

    private static Workload sluice(
            Pipeline pipeline, Path file, String bootstrap, Optional<String> registryUrl) {
        return new Workload(
                pipeline.sluiceId(),
                Engine.SLUICE,
                pipeline.name(),
                pipeline.expectation(),
                pipeline.input(),
                run -> {
                    List<String> args =
                            new ArrayList<>(
                                    List.of(
                                            "run",
                                            PipelineRewrite.write(
                                                            file, run, pipeline.partitionedBy())
                                                    .toString(),
                                            "--bootstrap-servers",
                                            bootstrap,
                                            "--instance-id",
                                            "bench"));
                    if (registryUrl.isPresent()) {
                        args.add("--config");
                        args.add(serviceConfig(run, registryUrl.get()).toString());
                    }
                    return SluiceInstallation.fromHarness()
                            .map(
                                    i ->
                                            new JvmCommand(
                                                    SLUICE_MAIN,
                                                    args,
                                                    i.options(),
                                                    Optional.of(i.classPath())))
                            .orElseGet(() -> new JvmCommand(SLUICE_MAIN, args));
                });
    }

    /**
     * Writes a run's service configuration: the file every other Sluice run reads (the one {@code
     * $SLUICE_CONFIG} names, else {@code config/sluice.yaml} of the working directory, as the
     * command line finds it), with {@code schema.registry.url} added, so that the registry is the
     * only difference.
     */
    private static Path serviceConfig(RunTopics run, String registryUrl) throws IOException {
        String named = System.getenv("SLUICE_CONFIG");
        Path base =
                named != null && !named.isBlank()
                        ? Path.of(named)
                        : Path.of("config", "sluice.yaml");
        String text =
                Files.isRegularFile(base) ? Files.readString(base, StandardCharsets.UTF_8) : "";
        Path copy = run.directory().resolve("sluice.yaml");
        Files.writeString(
                copy,
                text
                        + "\n# added by the benchmark harness\nschema.registry.url: \""
                        + registryUrl
                        + "\"\n",
                StandardCharsets.UTF_8);
        return copy;
    }

    private static Workload streams(Pipeline pipeline, String bootstrap, Path schema) {
        return new Workload(
                "kstreams-" + pipeline.name(),
                Engine.KAFKA_STREAMS,
                pipeline.name(),
                pipeline.expectation(),
                pipeline.input(),
                run -> {
                    Path state = Files.createDirectories(run.directory().resolve("state"));
                    List<String> args =
                            new ArrayList<>(
                                    List.of(
                                            pipeline.name(),
                                            bootstrap,
                                            run.input(),
                                            run.output(),
                                            run.id(),
                                            state.toString(),
                                            schema.toString()));
                    run.table().ifPresent(args::add);
                    return new JvmCommand(
                            StreamsMain.class.getName(),
                            args,
                            kafkaStreamsOptions(),
                            Optional.empty());
                });
    }

    /**
     * A pipeline both engines run, the outputs it makes and the input it reads; a variant (a suffix
     * of the workload id) is Sluice only: the same file with {@code source.partitionedBy} set, or
     * another ready file that computes the same.
     *
     * @param name what it computes, and the key for ratios to Kafka Streams
     * @param topology the directory of its file under {@code topologies/}
     */
    record Pipeline(
            String name,
            Expectation expectation,
            InputTopic input,
            String variant,
            List<String> partitionedBy,
            String topology) {
        Pipeline(String name, Expectation expectation) {
            this(name, expectation, InputTopic.BY_STORE, "", List.of());
        }

        Pipeline(
                String name,
                Expectation expectation,
                InputTopic input,
                String variant,
                List<String> partitionedBy) {
            this(name, expectation, input, variant, partitionedBy, name);
        }

        /** The id of the workload that runs it with Sluice. */
        String sluiceId() {
            return "sluice-" + name + variant;
        }

        /** Its ready pipeline file. */
        Path file(BenchSettings settings) {
            return settings.repository()
                    .resolve("topologies")
                    .resolve(topology)
                    .resolve("pipeline.yaml");
        }
    }
}
