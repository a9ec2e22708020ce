package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling a stateful pipeline out and back in while input flows: store sales per 15-minute
 * event-time window (30-minute watermark, append mode, so each window is emitted once, when it
 * closes), over 60 stores on six source partitions not keyed by store, so rows move through the
 * repartition topic to the task that owns their store's state. One instance runs first; two more
 * join (the group is stable with three owners and windows keep coming), then those two are stopped
 * with SIGTERM (exit code 0) and the first goes on alone until closing invoices move every
 * watermark past every window. The windows emitted must equal an in-memory computation over the
 * input, each exactly once: the state followed its partitions out to the new instances and back.
 */
@ExtendWith(KafkaClusterExtension.class)
class ScaleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 6;
    private static final int STORES = 60;
    private static final int RATE_PER_SECOND = 2_000;
    private static final int MAX_INVOICES = 400_000;
    private static final int WINDOWS_BETWEEN_CHECKS = 300;
    private static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z

    private final KafkaCluster kafka;

    @TempDir Path work;

    ScaleIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldEmitEveryWindowOnceWhenScaledFromOneToThreeInstancesAndBack() throws Exception {
        String name = kafka.uniqueTopic("scale-windows");
        String input = name + "-invoices";
        String output = name + "-windows";
        kafka.createTopics(PARTITIONS, input);
        Path pipeline = StoreSalesWindows.pipelineFile(work, name, input, output, 5000);
        List<ObjectNode> sample = sample();
        Map<String, JvmProcess> running = new HashMap<>();

        running.put("a", start(pipeline, "a"));
        awaitOwners(name, "a");
        SteadyInput invoices =
                new SteadyInput(
                        kafka, input, RATE_PER_SECOND, MAX_INVOICES, i -> invoice(sample, i));
        try (invoices) {
            awaitMoreWindows(output, 0);
            running.put("b", start(pipeline, "b"));
            running.put("c", start(pipeline, "c"));
            awaitOwners(name, "a", "b", "c");
            awaitMoreWindows(output, Topics.readCommitted(kafka, output).size());
            for (String instance : List.of("b", "c")) {
                JvmProcess process = running.remove(instance);
                assertThat(process.terminate(Duration.ofSeconds(60))).as(process.output()).isZero();
            }
            awaitOwners(name, "a");
            awaitMoreWindows(output, Topics.readCommitted(kafka, output).size());
        }
        int sent = invoices.stop();
        assertThat(sent).as("the input ran out while scaling").isLessThan(MAX_INVOICES);
        List<String> produced = new ArrayList<>(sent);
        for (int i = 0; i < sent; i++) {
            produced.add(invoice(sample, i));
        }
        Topics.produceRecords(
                kafka, input, StoreSalesWindows.closingRecords(input, PARTITIONS, produced));
        Map<String, String> expected = StoreSalesWindows.expected(produced);
        try {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> Topics.readCommitted(kafka, output).size() >= expected.size());
        } catch (ConditionTimeoutException e) {
            // windows are missing: the comparison below names them
        }
        JvmProcess a = running.remove("a");
        assertThat(a.terminate(Duration.ofSeconds(60))).as(a.output()).isZero();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Topics.hasNoOpenTransactions(kafka, output));

        List<String> doubled = new ArrayList<>();
        Map<String, String> emitted =
                StoreSalesWindows.emitted(Topics.readCommittedValues(kafka, output), doubled);
        assertThat(doubled).as("windows emitted more than once").isEmpty();
        assertThat(StoreSalesWindows.differences(emitted, expected)).isEmpty();
        assertThat(emitted).isEqualTo(expected);
        System.out.printf(
                "scale 1-3-1: %d invoices, %d windows emitted once each%n", sent, emitted.size());
    }

    private JvmProcess start(Path pipeline, String instance) {
        return SluiceProcess.run(
                kafka,
                pipeline,
                instance,
                work.resolve(instance + ".log"),
                "--state-dir",
                work.resolve("state-" + instance).toString());
    }

    /**
     * Waits until the group is stable with exactly {@code instances} owning partitions of the
     * repartition topic, whose tasks hold the windows' state.
     */
    private void awaitOwners(String name, String... instances) {
        Set<String> members =
                java.util.Arrays.stream(instances)
                        .map(i -> name + "-" + i)
                        .collect(Collectors.toSet());
        await().atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(
                        () ->
                                ConsumerGroups.stableOwners(kafka, name, name + "-repartition")
                                        .equals(members));
    }

    /** Waits until more windows than {@code before} (and a few hundred more) are committed. */
    private void awaitMoreWindows(String output, int before) {
        await().atMost(Duration.ofMinutes(1))
                .until(
                        () ->
                                Topics.readCommitted(kafka, output).size()
                                        >= before + WINDOWS_BETWEEN_CHECKS);
    }

    private static List<ObjectNode> sample() throws IOException {
        List<ObjectNode> sample = new ArrayList<>();
        for (String line : Invoices.sample()) {
            sample.add((ObjectNode) JSON.readTree(line));
        }
        return sample;
    }

    /**
     * Invoice {@code i}: {@code INV-i} of store {@code STR-(i mod 60)}, created {@code i} seconds
     * after the base time, every tenth up to two minutes early (out of order, within the
     * watermark).
     */
    private static String invoice(List<ObjectNode> sample, int i) {
        ObjectNode invoice = sample.get(i % sample.size()).deepCopy();
        invoice.put("InvoiceNumber", "INV-" + i);
        invoice.put("StoreID", "STR-" + (i % STORES));
        invoice.put("CreatedTime", BASE_MS + i * 1000L - (i % 10 == 0 ? (i * 7919L) % 120_000 : 0));
        try {
            return JSON.writeValueAsString(invoice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
