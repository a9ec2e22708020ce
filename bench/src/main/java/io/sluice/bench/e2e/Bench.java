package io.sluice.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What every run of one harness invocation shares: the settings, the cluster, the topic admin and
 * the prefix that makes this invocation's names unique.
 *
 * @param settings what to measure
 * @param bootstrap the cluster
 * @param topics creates and deletes topics
 * @param prefix the start of every topic, group and application id of this invocation
 * @param broker the broker's process when the harness started it, for its CPU time
 * @param registry the schema registry, when a selected workload needs one
 */
record Bench(
        BenchSettings settings,
        String bootstrap,
        BenchTopics topics,
        String prefix,
        Optional<ProcessHandle> broker,
        Optional<SchemaRegistry> registry) {

    /**
     * The names and a fresh directory for run {@code round} of {@code workload}, reading {@code
     * input}, or a fresh topic of its own when it is empty.
     */
    RunTopics run(Workload workload, String kind, int round, Optional<InputStats> input)
            throws IOException {
        String id = prefix + workload.id() + "-" + kind + round;
        Path directory = Files.createDirectories(settings.workDirectory().resolve(id));
        return new RunTopics(
                id,
                input.map(InputStats::topic).orElse(id + "-in"),
                id + "-out",
                input.flatMap(InputStats::table).map(CustomerTable::topic),
                directory);
    }

    /** The broker's CPU time so far; zero when the harness did not start it. */
    Duration brokerCpu() {
        return broker.map(ProcessUsage::cpu).orElse(Duration.ZERO);
    }

    /** The sample invoices the generator draws on. */
    Path sample() {
        return settings.repository().resolve("topologies/data/invoices.jsonl");
    }

    /** The sample customers whose names the customer generator draws on. */
    Path customerSample() {
        return settings.repository().resolve("topologies/data/customers.jsonl");
    }
}
