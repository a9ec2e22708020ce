package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standby replicas on a real broker: two instances run a windowed aggregation (store sales per
 * 15-minute window, rows moved to their store's task through the repartition topic); once both have
 * committed the input, the instance owning a task is killed with SIGKILL and the survivor takes its
 * tasks over after the session timeout. With {@code state.standby.replicas: 1} the survivor kept a
 * standby of those tasks and restores only what its standby had not read (its log says how many
 * changelog records); with none it restores each changelog whole. Either way the windows emitted
 * equal an in-memory computation over the input, each exactly once.
 */
@ExtendWith(KafkaClusterExtension.class)
class StandbyReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 2;
    private static final int INVOICES = 6_000;
    private static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z
    private static final Pattern RESTORED =
            Pattern.compile("Restored the state of \\S+/(\\S+)-(\\d+): (\\d+) changelog records");

    private final KafkaCluster kafka;

    @TempDir Path work;

    StandbyReplicasIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldTakeOverFromAStandbyWithoutRestoringTheWholeChangelogWhenTheOwnerIsKilled()
            throws Exception {
        Takeover takeover = killOwnerAndTakeOver(1);

        takeover.restored.forEach(
                (task, records) ->
                        assertThat(records)
                                .as("changelog records restored for %s of %s", task, takeover.ends)
                                .isLessThan(takeover.ends.get(task.partition())));
    }

    @Test
    void shouldRestoreTheWholeChangelogWhenThereIsNoStandby() throws Exception {
        Takeover takeover = killOwnerAndTakeOver(0);

        takeover.restored.forEach(
                (task, records) ->
                        assertThat(records)
                                .as("changelog records restored for %s", task)
                                .isEqualTo(takeover.ends.get(task.partition())));
    }

    /**
     * The survivor's restores of the killed instance's tasks, with the end offsets of those tasks'
     * changelogs (records and transaction markers, what a restore from the beginning reads).
     */
    private record Takeover(Map<TopicPartition, Long> restored, Map<Integer, Long> ends) {}

    private Takeover killOwnerAndTakeOver(int standbyReplicas) throws Exception {
        String name = kafka.uniqueTopic("standby-windows");
        String input = name + "-invoices";
        String output = name + "-windows";
        String tasks = name + "-repartition";
        kafka.createTopics(PARTITIONS, input);
        Path pipeline = StoreSalesWindows.pipelineFile(work, name, input, output, 500);
        Path config = work.resolve("sluice.yaml");
        Files.writeString(config, "state.standby.replicas: " + standbyReplicas + "\n");
        JvmProcess a = start(pipeline, config, "a");
        JvmProcess b = start(pipeline, config, "b");
        try (a;
                b) {
            await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    ConsumerGroups.stableOwners(kafka, name, tasks)
                                            .equals(Set.of(name + "-a", name + "-b")));
            List<String> invoices = Invoices.secondsApart(INVOICES, BASE_MS, i -> 0);
            Topics.produceRecords(kafka, input, spread(input, invoices));
            await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(
                            () ->
                                    ConsumerGroups.lag(kafka, name, input) == 0
                                            && ConsumerGroups.lag(kafka, name, tasks) == 0);
            Set<TopicPartition> killed = ConsumerGroups.ownedBy(kafka, name, name + "-a", tasks);
            assertThat(killed).as("tasks of a").isNotEmpty();
            int logged = b.output().length();

            a.kill();
            // no one writes the killed tasks' changelogs until the survivor has restored them
            Map<Integer, Long> ends = changelogEnds(name);
            Map<TopicPartition, Long> restored = new HashMap<>();
            await().atMost(Duration.ofMinutes(2))
                    .until(
                            () -> {
                                restored.putAll(restores(b.output().substring(logged), tasks));
                                return restored.keySet().containsAll(killed);
                            });
            restored.keySet().retainAll(killed);

            Topics.produceRecords(
                    kafka, input, StoreSalesWindows.closingRecords(input, PARTITIONS, invoices));
            Map<String, String> expected = StoreSalesWindows.expected(invoices);
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> Topics.readCommitted(kafka, output).size() >= expected.size());
            assertThat(b.terminate(Duration.ofSeconds(60))).as(b.output()).isZero();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> Topics.hasNoOpenTransactions(kafka, output));
            assertWindowsOnce(output, expected);
            System.out.printf(
                    "standby replicas %d: restored %s of changelogs ending at %s; %d windows once"
                            + " each%n",
                    standbyReplicas, restored, ends, expected.size());
            return new Takeover(restored, ends);
        }
    }

    /** The changelog records of each task partition's restores in {@code log}, the last of each. */
    private static Map<TopicPartition, Long> restores(String log, String tasks) {
        Map<TopicPartition, Long> restores = new HashMap<>();
        Matcher matcher = RESTORED.matcher(log);
        while (matcher.find()) {
            if (matcher.group(1).equals(tasks)) {
                restores.put(
                        new TopicPartition(tasks, Integer.parseInt(matcher.group(2))),
                        Long.parseLong(matcher.group(3)));
            }
        }
        return restores;
    }

    /** Per task partition, the sum of its changelogs' end offsets (one changelog per store). */
    private Map<Integer, Long> changelogEnds(String name) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        Map<Integer, Long> ends = new HashMap<>();
        for (String topic : topics) {
            if (topic.startsWith(name + "-") && topic.endsWith("-changelog")) {
                Topics.endOffsets(kafka, topic)
                        .forEach(
                                (partition, end) ->
                                        ends.merge(partition.partition(), end, Long::sum));
            }
        }
        assertThat(ends).as("changelog ends").isNotEmpty();
        assertThat(ends.values()).allSatisfy(end -> assertThat(end).isPositive());
        return ends;
    }

    private void assertWindowsOnce(String output, Map<String, String> expected) throws Exception {
        List<String> doubled = new ArrayList<>();
        Map<String, String> emitted =
                StoreSalesWindows.emitted(Topics.readCommittedValues(kafka, output), doubled);
        assertThat(doubled).as("windows emitted more than once").isEmpty();
        assertThat(StoreSalesWindows.differences(emitted, expected)).isEmpty();
    }

    private JvmProcess start(Path pipeline, Path config, String instance) {
        return SluiceProcess.run(
                kafka,
                pipeline,
                instance,
                work.resolve(instance + ".log"),
                "--config",
                config.toString(),
                "--state-dir",
                work.resolve("state-" + instance).toString());
    }

    /** The invoices on alternate partitions, so both source partitions' watermarks move. */
    private static List<ProducerRecord<byte[], byte[]>> spread(
            String input, List<String> invoices) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < invoices.size(); i++) {
            records.add(
                    new ProducerRecord<>(
                            input,
                            i % PARTITIONS,
                            null,
                            invoices.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }
}
