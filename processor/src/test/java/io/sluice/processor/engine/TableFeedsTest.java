package io.sluice.processor.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and catching up the feeds of a pipeline's Kafka tables; the topics are mocks. */
class TableFeedsTest {
    private static final String TOPIC = "customers";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final Schema CUSTOMER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Customer", "fields": [
                              {"name": "CardNo", "type": "string"},
                              {"name": "Email", "type": "string"}
                            ]}
                            """);

    @TempDir Path directory;

    private final List<MockConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    private StateStores stores;

    @BeforeEach
    void open() {
        stores = StateStores.open(new StateSettings(directory, 32L << 20));
    }

    @AfterEach
    void close() {
        stores.close();
        assertThat(stores.openNativeHandles()).as("native handles left open").isZero();
    }

    @Test
    void shouldReportTheFirstReadAsARestoreOfTheTablesPartitionsUntilTheEnd() {
        KafkaTable customers = table(Optional.empty());
        List<String> events = new ArrayList<>();
        EngineListener listener =
                new EngineListener() {
                    @Override
                    public void restoring(TopicPartition partition, long restored, long total) {
                        events.add("restoring " + partition + " " + restored + "/" + total);
                    }

                    @Override
                    public void restored(TopicPartition partition) {
                        events.add("restored " + partition);
                    }

                    @Override
                    public void tableRecordSkipped(
                            TopicPartition partition, long offset, String reason) {
                        events.add("skipped " + partition + "@" + offset + ": " + reason);
                    }
                };

        try (TableFeeds feeds =
                TableFeeds.open("shop", List.of(customers), stores, this::consumer, listener)) {
            MockConsumer<byte[], byte[]> consumer = consumers.get(0);
            consumer.addRecord(customer(0, "C1", "a@x"));
            consumer.addRecord(customer(1, "C2", "b@x"));
            consumer.updateEndOffsets(Map.of(P0, 2L));
            feeds.catchUp(() -> false, () -> {});
            consumer.addRecord(customer(2, "C3", "c@x"));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 3L, null, "{}".getBytes(UTF_8)));
            consumer.updateEndOffsets(Map.of(P0, 4L));
            feeds.catchUp(() -> false, () -> {});

            assertThat(email(customers, "C3")).isEqualTo("c@x");
        }
        // later catch-ups are the batches' own: no restore, readiness unaffected
        assertThat(events)
                .containsExactly(
                        "restoring customers-0 0/2",
                        "restored customers-0",
                        "skipped customers-0@3: it has no key");
    }

    @Test
    void shouldFeedEachJoinOfOneTopicWhenAPipelineJoinsItTwice() {
        // e.g. payments joined with accounts once on the payer and once on the payee
        KafkaTable payers = table(Optional.empty());
        KafkaTable payees = table(Optional.of(Duration.ofDays(1)));

        try (TableFeeds feeds =
                TableFeeds.open("payments", List.of(payers, payees), stores, this::consumer)) {
            for (MockConsumer<byte[], byte[]> consumer : consumers) {
                consumer.addRecord(customer(0, "C1", "a@x"));
                consumer.updateEndOffsets(Map.of(P0, 1L));
            }
            feeds.catchUp(() -> false, () -> {});

            assertThat(email(payers)).isEqualTo("a@x");
            assertThat(email(payees)).isEqualTo("a@x");
        }
        assertThat(directory.resolve("payments")).isDirectoryContaining("glob:**/table-customers");
        assertThat(directory.resolve("payments")).isDirectoryContaining("glob:**/table2-customers");
    }

    @Test
    void shouldReadTheTopicAgainWhenTheTableNowKeepsVersions() {
        KafkaTable latest = table(Optional.empty());
        try (TableFeeds feeds =
                TableFeeds.open("emails", List.of(latest), stores, this::consumer)) {
            feedOneCustomer(feeds);
        }
        // the pipeline file now gives the table a history; the topic holds the same record
        KafkaTable versioned = table(Optional.of(Duration.ofDays(1)));

        try (TableFeeds feeds =
                TableFeeds.open("emails", List.of(versioned), stores, this::consumer)) {
            feedOneCustomer(feeds);

            assertThat(email(versioned)).isEqualTo("a@x");
        }
    }

    @Test
    void shouldReadTheTopicAgainWhenTheCopyIsAheadOfIt() {
        KafkaTable first = table(Optional.empty());
        try (TableFeeds feeds = TableFeeds.open("emails", List.of(first), stores, this::consumer)) {
            MockConsumer<byte[], byte[]> consumer = consumers.get(0);
            consumer.addRecord(customer(0, "C1", "a@x"));
            consumer.addRecord(customer(1, "C2", "b@x"));
            consumer.updateEndOffsets(Map.of(P0, 2L));
            feeds.catchUp(() -> false, () -> {});
        }
        // the topic was deleted and created again: one record, below the copy's next offset (2)
        KafkaTable again = table(Optional.empty());
        MockConsumer<byte[], byte[]> recreated = consumer();
        recreated.updateEndOffsets(Map.of(P0, 1L));

        try (TableFeeds feeds =
                TableFeeds.open("emails", List.of(again), stores, () -> recreated)) {
            recreated.addRecord(customer(0, "C1", "z@x"));
            feeds.catchUp(() -> false, () -> {});

            assertThat(email(again, "C1")).isEqualTo("z@x");
            assertThat(email(again, "C2")).isEqualTo("none");
        }
    }

    /** Gives the newest consumer customer C1 at offset 0 and catches the feeds up. */
    private void feedOneCustomer(TableFeeds feeds) {
        MockConsumer<byte[], byte[]> consumer = consumers.get(consumers.size() - 1);
        consumer.addRecord(customer(0, "C1", "a@x"));
        consumer.updateEndOffsets(Map.of(P0, 1L));
        feeds.catchUp(() -> false, () -> {});
    }

    private MockConsumer<byte[], byte[]> consumer() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(
                TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, 0L));
        consumers.add(consumer);
        return consumer;
    }

    private static KafkaTable table(Optional<Duration> history) {
        FormatSpec json = FormatSpec.of("json", Map.of(), Path.of("."));
        return new KafkaTable(
                TOPIC, "json", CUSTOMER, () -> Codecs.decoder(json, CUSTOMER), true, history);
    }

    private static String email(KafkaTable table) {
        return email(table, "C1");
    }

    private static String email(KafkaTable table, String card) {
        List<GenericRecord> rows = table.rows(card, Long.MAX_VALUE);
        return rows.isEmpty() ? "none" : rows.get(0).get("Email").toString();
    }

    private static ConsumerRecord<byte[], byte[]> customer(long offset, String card, String email) {
        String value = String.format("{\"CardNo\": \"%s\", \"Email\": \"%s\"}", card, email);
        return new ConsumerRecord<>(TOPIC, 0, offset, card.getBytes(UTF_8), value.getBytes(UTF_8));
    }
}
