package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table-table joins on a real broker: customers (the source, read as a table) and accounts, both
 * keyed by card number, over three runs: customers arrive, then accounts, then a customer is
 * deleted, another renamed and an account deleted. Each run's changes of the joined table are
 * checked: the joined rows, and tombstones for keys whose joined row is gone.
 */
@ExtendWith(KafkaClusterExtension.class)
class TableTableJoinIT {
    private static final String CUSTOMER =
            "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":["
                    + "{\"name\":\"CardNo\",\"type\":\"string\"},"
                    + "{\"name\":\"Name\",\"type\":\"string\"}]}";
    private static final String ACCOUNT =
            "{\"type\":\"record\",\"name\":\"Account\",\"fields\":["
                    + "{\"name\":\"CardNo\",\"type\":\"string\"},"
                    + "{\"name\":\"Balance\",\"type\":\"int\"}]}";

    private final KafkaCluster kafka;
    @TempDir Path state;
    @TempDir Path files;
    private EngineRuns runs;
    private String customers;
    private String accounts;
    private String output;

    TableTableJoinIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void topics() throws IOException {
        runs = new EngineRuns(kafka, state);
        customers = kafka.uniqueTopic("customers");
        accounts = kafka.uniqueTopic("accounts");
        output = kafka.uniqueTopic("customer-accounts");
        kafka.createTopics(2, customers, accounts);
        Files.writeString(files.resolve("customer.avsc"), CUSTOMER);
        Files.writeString(files.resolve("account.avsc"), ACCOUNT);
    }

    @Test
    void shouldEmitEveryChangeOfEitherSideWhenFullOuter() throws Exception {
        assertThat(threeRuns("full"))
                .containsExactly(
                        List.of("C1 Ann null", "C2 Bob null"),
                        List.of("C1 Ann 10", "C3 null 30"),
                        List.of("C1 null 10", "C2 Bobby null", "C3 deleted"));
    }

    @Test
    void shouldEmitRowsOnlyWhileBothSidesHaveTheKeyWhenInner() throws Exception {
        assertThat(threeRuns("inner"))
                .containsExactly(List.of(), List.of("C1 Ann 10"), List.of("C1 deleted"));
    }

    @Test
    void shouldFollowTheLeftTableWhenLeft() throws Exception {
        assertThat(threeRuns("left"))
                .containsExactly(
                        List.of("C1 Ann null", "C2 Bob null"),
                        List.of("C1 Ann 10"),
                        List.of("C1 deleted", "C2 Bobby null"));
    }

    /** The changes each run writes, sorted: "KEY Name Balance", or "KEY deleted". */
    private List<List<String>> threeRuns(String type) throws Exception {
        PipelinePlan plan = plan(type);
        List<List<String>> runsAdded = new ArrayList<>();
        produce(customers, "C1", customer("C1", "Ann"), "C2", customer("C2", "Bob"));
        assertThat(runs.run(plan).deadLettered()).isZero();
        runsAdded.add(added(runsAdded));
        produce(accounts, "C1", account("C1", 10), "C3", account("C3", 30));
        assertThat(runs.run(plan).deadLettered()).isZero();
        runsAdded.add(added(runsAdded));
        produce(customers, "C1", null, "C2", customer("C2", "Bobby"));
        produce(accounts, "C3", null);
        assertThat(runs.run(plan).deadLettered()).isZero();
        runsAdded.add(added(runsAdded));
        return runsAdded;
    }

    private List<String> added(List<List<String>> before) throws IOException {
        List<String> all = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                all.add(key + " deleted");
            } else {
                var row =
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.value());
                assertThat(row.get("CardNo").asText()).isEqualTo(key);
                all.add(key + " " + row.get("Name").asText() + " " + row.get("Balance").asText());
            }
        }
        int seen = before.stream().mapToInt(List::size).sum();
        List<String> added = new ArrayList<>(all.subList(seen, all.size()));
        added.sort(null);
        return added;
    }

    private PipelinePlan plan(String type) throws IOException {
        String yaml =
                "name: "
                        + kafka.uniqueTopic("ttjoin")
                        + "\n"
                        + "source: {topic: "
                        + customers
                        + ", format: json, schema: customer.avsc, table: true}\n"
                        + "trigger: {availableNow: true}\n"
                        + "steps:\n"
                        + "  - join:\n"
                        + "      table: {topic: "
                        + accounts
                        + ", format: json, schema: account.avsc}\n"
                        + "      on: CardNo\n"
                        + "      type: "
                        + type
                        + "\n"
                        + "sink: {topic: "
                        + output
                        + ", format: json, key: CardNo}\n";
        Path file = files.resolve("pipeline-" + type + ".yaml");
        Files.writeString(file, yaml);
        return PipelineFile.compile(file);
    }

    /** Sends key, value pairs (a null value: a tombstone) to {@code topic}. */
    private void produce(String topic, String... keysAndValues) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String value = keysAndValues[i + 1];
            records.add(
                    new ProducerRecord<>(
                            topic,
                            keysAndValues[i].getBytes(StandardCharsets.UTF_8),
                            value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        }
        Topics.produceRecords(kafka, topic, records);
    }

    private static String customer(String card, String name) {
        return String.format("{\"CardNo\": \"%s\", \"Name\": \"%s\"}", card, name);
    }

    private static String account(String card, int balance) {
        return String.format("{\"CardNo\": \"%s\", \"Balance\": %d}", card, balance);
    }
}
