package io.sluice.bench.e2e;

import io.sluice.bench.e2e.copy.CopyLoop;
import io.sluice.bench.e2e.streams.StreamsMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of workloads: the two copy loops, and each pipeline as Sluice runs it and as Kafka
 * Streams does.
 */
final class Workloads {
    /** The pipelines both engines run, in the order of the results. */
    static final List<Pipeline> PIPELINES =
            List.of(
                    new Pipeline("json-to-avro", Expectation.EVERY_RECORD),
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

    private Workloads() {}

    /**
     * Every workload that can run, in the order of a round; a Sluice pipeline whose file is not
     * there yet is left out, with a note saying so.
     */
    static List<Workload> all(BenchSettings settings, String bootstrap, List<String> notes) {
        List<Workload> workloads = new ArrayList<>();
        workloads.add(copy("copy-raw", "raw", bootstrap));
        workloads.add(copy("copy-txn", "txn", bootstrap));
        Path topologies = settings.repository().resolve("topologies");
        Path schema = topologies.resolve("json-to-avro/schemas/invoice.avsc");
        for (Pipeline pipeline : PIPELINES) {
            Path file = topologies.resolve(pipeline.name()).resolve("pipeline.yaml");
            if (PipelineRewrite.exists(file)) {
                workloads.add(sluice(pipeline, file, bootstrap));
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

    private static Workload sluice(Pipeline pipeline, Path file, String bootstrap) {
        return new Workload(
                "sluice-" + pipeline.name() + pipeline.variant(),
                Engine.SLUICE,
                pipeline.name(),
                pipeline.expectation(),
                pipeline.input(),
                run ->
                        new JvmCommand(
                                SLUICE_MAIN,
                                List.of(
                                        "run",
                                        PipelineRewrite.write(file, run, pipeline.partitionedBy())
                                                .toString(),
                                        "--bootstrap-servers",
                                        bootstrap,
                                        "--instance-id",
                                        "bench")));
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
                    return new JvmCommand(StreamsMain.class.getName(), args);
                });
    }

    /**
     * A pipeline both engines run, the outputs it makes and the input it reads; a variant (a suffix
     * of the workload id) runs the same file with {@code source.partitionedBy} set, Sluice only.
     */
    record Pipeline(
            String name,
            Expectation expectation,
            InputTopic input,
            String variant,
            List<String> partitionedBy) {
        Pipeline(String name, Expectation expectation) {
            this(name, expectation, InputTopic.BY_STORE, "", List.of());
        }
    }
}
