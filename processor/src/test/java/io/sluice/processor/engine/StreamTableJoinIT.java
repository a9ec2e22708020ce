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
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream-table joins on a real broker: invoices joined with a compacted topic of customers, inner
 * and left, with updates and tombstones between runs, a run without local state (the table read
 * again from its topic), versioned lookups by event time, and a table record that does not decode.
 * Each availableNow run is one batch here, and reads the table to its end first (bootstrap).
 */
@ExtendWith(KafkaClusterExtension.class)
class StreamTableJoinIT {
    private static final String INVOICE_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Invoice\",\"fields\":["
                    + "{\"name\":\"InvoiceNumber\",\"type\":\"string\"},"
                    + "{\"name\":\"CreatedTime\",\"type\":\"long\"},"
                    + "{\"name\":\"CardNo\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"Amount\",\"type\":\"int\"}]}";
    private static final String CUSTOMER_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Customer\",\"fields\":["
                    + "{\"name\":\"CardNo\",\"type\":\"string\"},"
                    + "{\"name\":\"Email\",\"type\":\"string\"},"
                    + "{\"name\":\"Phone\",\"type\":\"string\"}]}";

    private final KafkaCluster kafka;
    @TempDir Path state;
    @TempDir Path files;
    private EngineRuns runs;
    private String invoices;
    private String customers;
    private String output;

    StreamTableJoinIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void topics() throws Exception {
        runs = new EngineRuns(kafka, state);
        invoices = kafka.uniqueTopic("invoices");
        customers = kafka.uniqueTopic("customers");
        output = kafka.uniqueTopic("enriched");
        kafka.createTopics(2, invoices);
        createTableTopic(customers, 3);
        Files.writeString(files.resolve("invoice.avsc"), INVOICE_SCHEMA);
        Files.writeString(files.resolve("customer.avsc"), CUSTOMER_SCHEMA);
    }

    @Test
    void shouldJoinTheLatestCustomerThroughUpdatesTombstonesAndALostLocalState() throws Exception {
        PipelinePlan plan = plan("left", "");
        customers(customer("C1", "a@x", "1"), customer("C2", "b@x", "2"));
        invoices(invoice("I1", 1000, "C1", 10), invoice("I2", 2000, "C3", 20));
        invoices(invoice("I3", 3000, null, 30));

        runs.run(plan);
        // C2 moves, C1 leaves (a tombstone), C3 arrives
        customers(customer("C2", "b2@x", "22"), tombstone("C1"), customer("C3", "c@x", "3"));
        invoices(invoice("I4", 4000, "C1", 40), invoice("I5", 5000, "C2", 50));
        runs.run(plan);
        runs.deleteLocalState();
        invoices(invoice("I6", 6000, "C3", 60), invoice("I7", 7000, "C2", 70));
        runs.run(plan);

        assertThat(sorted(rows()))
                .containsExactly(
                        "I1 C1 a@x 1",
                        "I2 C3 null null",
                        "I3 null null null",
                        "I4 C1 null null",
                        "I5 C2 b2@x 22",
                        "I6 C3 c@x 3",
                        "I7 C2 b2@x 22");
        // the local copy holds C2 and C3 (the tombstone deleted C1), read again from the topic
        assertThat(runs.keyCounts(plan, "table-" + customers, "rows")).containsExactly(2L);
    }

    @Test
    void shouldLookUpByAColumnOfTheValuesWhenTheTableIsKeyedByIt() throws Exception {
        PipelinePlan plan = plan("left", "        key: CardNo\n");
        // records keyed by account; the table is keyed by the card number in their values
        produceCustomers(
                List.of(
                        raw("A1", customerJson("C1", "a@x", "1"), null),
                        raw("A2", customerJson("C2", "b@x", "2"), null)));
        invoices(invoice("I1", 1000, "C1", 10), invoice("I2", 2000, "C2", 20));
        runs.run(plan);
        // account A1 moves to card C3; account A2 is deleted
        produceCustomers(
                List.of(raw("A1", customerJson("C3", "a@x", "1"), null), raw("A2", null, null)));
        invoices(
                invoice("I3", 3000, "C1", 30),
                invoice("I4", 4000, "C2", 40),
                invoice("I5", 5000, "C3", 50));
        runs.run(plan);

        assertThat(sorted(rows()))
                .containsExactly(
                        "I1 C1 a@x 1",
                        "I2 C2 b@x 2",
                        "I3 C1 null null",
                        "I4 C2 null null",
                        "I5 C3 a@x 1");
        assertThat(runs.keyCounts(plan, "table-" + customers, "rows", "keys"))
                .containsExactly(1L, 1L);
    }

    @Test
    void shouldJoinEveryRowWithTheWholeTableWhenTheFirstBatchWaitsForItsBootstrap()
            throws Exception {
        PipelinePlan plan = plan("inner", "");
        // more customers than one poll of the table consumer (10,000) brings; with bootstrap:
        // false this test fails: the first batch joins a table read in part
        List<ProducerRecord<byte[], byte[]>> table = new ArrayList<>();
        List<String> stream = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            table.add(customer("C" + i, "c" + i + "@x", "" + i));
            if (i % 1_000 == 999) {
                stream.add(invoice("I" + i, i, "C" + i, i));
            }
        }
        produceCustomers(table);
        invoices(stream.toArray(String[]::new));

        BatchCounters counts = runs.run(plan);

        assertThat(counts.filtered()).isZero();
        assertThat(sorted(rows()))
                .hasSize(25)
                .contains("I999 C999 c999@x 999", "I24999 C24999 c24999@x 24999");
    }

    @Test
    void shouldDropRowsWithoutAMatchInAnInnerJoin() throws Exception {
        PipelinePlan plan = plan("inner", "");
        customers(customer("C1", "a@x", "1"));
        invoices(invoice("I1", 1000, "C1", 10), invoice("I2", 2000, "C9", 20));
        invoices(invoice("I3", 3000, null, 30));

        BatchCounters counts = runs.run(plan);

        assertThat(rows()).containsExactly("I1 C1 a@x 1");
        assertThat(counts.in()).isEqualTo(3);
        assertThat(counts.filtered()).isEqualTo(2);
    }

    @Test
    void shouldLookUpTheVersionInEffectAtEachRowsEventTime() throws Exception {
        PipelinePlan plan = plan("left", "        history: 1d\n", "      at: CreatedTime\n");
        // versions by record timestamp: C1 a@x from 1000, b@x from 5000, deleted from 9000
        produceCustomers(
                List.of(
                        version("C1", "a@x", "1", 1000),
                        version("C1", "b@x", "2", 5000),
                        tombstone("C1", 9000)));
        invoices(
                invoice("I0", 500, "C1", 1),
                invoice("I1", 1000, "C1", 2),
                invoice("I2", 4999, "C1", 3),
                invoice("I3", 5000, "C1", 4),
                invoice("I4", 9500, "C1", 5));

        runs.run(plan);

        assertThat(sorted(rows()))
                .containsExactly(
                        "I0 C1 null null",
                        "I1 C1 a@x 1",
                        "I2 C1 a@x 1",
                        "I3 C1 b@x 2",
                        "I4 C1 null null");
    }

    @Test
    void shouldPruneVersionsOlderThanTheHistory() throws Exception {
        PipelinePlan plan = plan("left", "        history: 10s\n", "      at: CreatedTime\n");
        produceCustomers(
                List.of(
                        version("C1", "v1", "1", 1_000),
                        version("C1", "v2", "2", 2_000),
                        version("C1", "v3", "3", 3_000),
                        version("C1", "v4", "4", 60_000)));
        invoices(invoice("I1", 55_000, "C1", 1), invoice("I2", 61_000, "C1", 2));

        runs.run(plan);

        // at 60 s, versions ended before 50 s go but v3, in effect at 50 s
        assertThat(sorted(rows())).containsExactly("I1 C1 v3 3", "I2 C1 v4 4");
        assertThat(runs.keyCounts(plan, "table-" + customers, "rows")).containsExactly(2L);
    }

    @Test
    void shouldSkipATableRecordThatDoesNotDecodeAndJoinTheRest() throws Exception {
        PipelinePlan plan = plan("left", "");
        produceCustomers(
                List.of(
                        raw("C1", "{\"CardNo\": \"C1\", \"Email\": 7}", null),
                        customer("C2", "b@x", "2")));
        invoices(invoice("I1", 1000, "C1", 10), invoice("I2", 2000, "C2", 20));

        runs.run(plan);

        assertThat(sorted(rows())).containsExactly("I1 C1 null null", "I2 C2 b@x 2");
    }

    private PipelinePlan plan(String type, String tableExtra) throws IOException {
        return plan(type, tableExtra, "");
    }

    private PipelinePlan plan(String type, String tableExtra, String joinExtra) throws IOException {
        String yaml =
                "name: "
                        + kafka.uniqueTopic("join")
                        + "\n"
                        + "source: {topic: "
                        + invoices
                        + ", format: json, schema: invoice.avsc}\n"
                        + "trigger: {availableNow: true}\n"
                        + "steps:\n"
                        + "  - join:\n"
                        + "      table:\n"
                        + "        topic: "
                        + customers
                        + "\n"
                        + "        format: json\n"
                        + "        schema: customer.avsc\n"
                        + tableExtra
                        + "      on: CardNo\n"
                        + "      type: "
                        + type
                        + "\n"
                        + joinExtra
                        + "  - select: [InvoiceNumber, CardNo, Email, Phone]\n"
                        + "sink: {topic: "
                        + output
                        + ", format: json}\n";
        Path file = files.resolve("pipeline-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return PipelineFile.compile(file);
    }

    private List<String> rows() throws IOException {
        return runs.rows(
                output,
                row ->
                        row.get("InvoiceNumber").asText()
                                + " "
                                + row.get("CardNo").asText()
                                + " "
                                + row.get("Email").asText()
                                + " "
                                + row.get("Phone").asText());
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }

    private void invoices(String... values) {
        Topics.produce(kafka, invoices, List.of(values));
    }

    @SafeVarargs
    private void customers(ProducerRecord<byte[], byte[]>... records) {
        Topics.produceRecords(kafka, customers, List.of(records));
    }

    /**
     * A compacted topic, as a table's is. Its versions carry event times of 1970: in a topic with
     * the default delete policy, the broker's retention check (every 5 minutes) deletes them, and a
     * test that ran across a check joined an empty table.
     */
    private void createTableTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, partitions, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                                            TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
    }

    private void produceCustomers(List<ProducerRecord<byte[], byte[]>> records) {
        Topics.produceRecords(kafka, customers, records);
    }

    private ProducerRecord<byte[], byte[]> customer(String card, String email, String phone) {
        return raw(card, customerJson(card, email, phone), null);
    }

    private ProducerRecord<byte[], byte[]> version(
            String card, String email, String phone, long timestampMs) {
        return raw(card, customerJson(card, email, phone), timestampMs);
    }

    private ProducerRecord<byte[], byte[]> tombstone(String card) {
        return raw(card, null, null);
    }

    private ProducerRecord<byte[], byte[]> tombstone(String card, long timestampMs) {
        return raw(card, null, timestampMs);
    }

    private ProducerRecord<byte[], byte[]> raw(String key, String value, Long timestampMs) {
        return new ProducerRecord<>(
                customers,
                null,
                timestampMs,
                key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String customerJson(String card, String email, String phone) {
        return String.format(
                "{\"CardNo\": \"%s\", \"Email\": \"%s\", \"Phone\": \"%s\"}", card, email, phone);
    }

    private static String invoice(String number, long createdMs, String card, int amount) {
        return String.format(
                "{\"InvoiceNumber\": \"%s\", \"CreatedTime\": %d, \"CardNo\": %s, \"Amount\": %d}",
                number, createdMs, card == null ? "null" : "\"" + card + "\"", amount);
    }
}
