package io.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.config.ServiceConfig;
import io.sluice.cli.config.ServiceConfigLoader;
import io.sluice.processor.engine.BatchCounters;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.Trigger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: loads the sample invoices and customers, runs the json-to-avro,
 * invoice-notifications and invoice-enriched-notifications pipelines over them (availableNow) and
 * prints a few decoded output records of each.
 *
 * <p>It runs each pipeline under a name of its own, {@code demo-<name>}, so its consumer group,
 * internal topics and dead-letter topic are not the pipeline's: a later {@code sluice run} of the
 * same file starts from the beginning of the input instead of after what the demo read.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the sample pipelines over sample data and prints some of their output.",
            "With no cluster configured it starts a local Kafka broker. It loads the 1,000",
            "sample invoices into topic 'invoices' and 389 customers into the compacted topic",
            "'customers', runs the json-to-avro, invoice-notifications and",
            "invoice-enriched-notifications (a join with the customers) pipelines over them,",
            "and prints some of their output. Each runs under consumer group demo-<pipeline>,",
            "so `run` of the same file afterwards reads the sample data from the start.",
            "Reads the cluster and its client settings as `run` does (config/sluice.yaml,",
            "SLUICE_<KEY> environment variables); exit code 2 when the cluster does not answer."
        })
final class DemoCommand implements Callable<Integer> {
    private static final List<String> PIPELINES =
            List.of("json-to-avro", "invoice-notifications", "invoice-enriched-notifications");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 3;

    /** What the demo puts before a pipeline's name: its consumer group and topics are its own. */
    static final String PREFIX = "demo-";

    @Mixin ClusterOptions cluster;

    @Option(
            names = "--topologies",
            paramLabel = "DIR",
            description = "The ready topologies (default: topologies/ of this installation).")
    Path topologies;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir =
                topologies != null ? topologies : SluiceHome.installation().resolve("topologies");
        List<String> invoices =
                Files.readAllLines(dir.resolve("data").resolve("invoices.jsonl")).stream()
                        .filter(line -> !line.isBlank())
                        .toList();
        ServiceConfig config = serviceConfig();
        String bootstrap = cluster.connect(out, config);
        DemoTopics topics = new DemoTopics(bootstrap, config.kafka());
        topics.load("invoices", invoices);
        List<Map.Entry<String, String>> customers = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("data").resolve("customers.jsonl"))) {
            if (!line.isBlank()) {
                String card = JSON.readTree(line).get("CustomerCardNo").asText();
                customers.add(Map.entry(card, line));
            }
        }
        topics.loadTable("customers", customers);
        out.printf(
                "Loaded %d sample invoices into topic 'invoices' and %d customers into the"
                        + " compacted topic 'customers' (keyed by card number)%n%n",
                invoices.size(), customers.size());
        out.flush();
        // local state of its own, gone after the run: a table copy kept from a demo on another
        // cluster would look caught up with this one's topic and join stale rows
        Path state = Files.createTempDirectory("sluice-demo-state");
        EngineSettings settings =
                EngineSettings.of(bootstrap, "demo")
                        .withClientConfig(config.kafka())
                        .withStateDirectory(state);
        try {
            for (String name : PIPELINES) {
                run(
                        PipelineFile.compile(dir.resolve(name).resolve("pipeline.yaml")),
                        settings,
                        topics,
                        out);
            }
        } finally {
            deleteTree(state);
        }
        out.printf(
                "Run them yourself: bin/sluice run topologies/invoice-notifications/pipeline.yaml"
                        + "%n  reads the sample data from the start (the demo used consumer groups"
                        + " of its own, %s<pipeline>);%n  bin/sluice reset PIPELINE.yaml makes a"
                        + " pipeline start over.%n",
                PREFIX);
        return SluiceMain.EXIT_OK;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The service configuration `run` would read: the cluster, its client settings, timeouts. */
    private static ServiceConfig serviceConfig() {
        ServiceConfigLoader loader = new ServiceConfigLoader();
        return loader.load(loader.locate(null, Optional.of(SluiceHome.installation())), Map.of());
    }

    private void run(
            PipelinePlan file, EngineSettings settings, DemoTopics topics, PrintWriter out) {
        PipelinePlan plan = availableNow(file).withName(PREFIX + file.name());
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();
        Map<TopicPartition, Long> before = topics.endOffsets(sink.topic());
        PipelineRunner runner = new PipelineRunner(plan, settings, System.out);
        runner.run();
        BatchCounters counts = runner.totals();
        out.printf(
                "%s: %d in, %d out to '%s' (%s), %d filtered, %d dead-lettered to '%s'%n",
                file.name(),
                counts.in(),
                counts.out(),
                sink.topic(),
                sink.format(),
                counts.filtered(),
                counts.deadLettered(),
                plan.deadLetterTopic());
        for (String record : topics.readDecoded(sink, before, SHOWN)) {
            out.printf("  %s%n", record);
        }
        out.println();
        out.flush();
    }

    private static PipelinePlan availableNow(PipelinePlan plan) {
        return plan.withTrigger(new Trigger.AvailableNow());
    }
}
