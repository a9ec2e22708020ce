package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.stateful.DedupeOperator;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dropDuplicates on a real broker with RocksDB state: duplicates within a batch, across batches,
 * across a restart without local state, and across partitions are dropped; the watermark deletes
 * what it passes; late rows go to the dead-letter topic. Each availableNow run is one batch here.
 */
@ExtendWith(KafkaClusterExtension.class)
class DropDuplicatesIT {
    private static final Schema INVOICE =
            SchemaBuilder.record("Invoice")
                    .fields()
                    .requiredString("InvoiceNumber")
                    .name("CreatedTime")
                    .type(
                            LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault()
                    .requiredInt("Amount")
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path state;

    private EngineRuns runs;

    @BeforeEach
    void newRuns() {
        runs = new EngineRuns(kafka, state);
    }

    DropDuplicatesIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldDropDuplicatesAcrossBatchesAndARestartWhenTheLocalStateIsDeleted() throws Exception {
        String input = kafka.uniqueTopic("invoices");
        String output = kafka.uniqueTopic("unique");
        kafka.createTopics(1, input);
        PipelinePlan plan = plan(kafka.uniqueTopic("dedupe"), input, output, Optional.empty());

        Topics.produce(
                kafka,
                input,
                List.of(
                        invoice("A", "10:00", 1),
                        invoice("B", "10:01", 2),
                        invoice("A", "10:02", 3)));
        BatchCounters first = runs.run(plan);
        Topics.produce(kafka, input, List.of(invoice("B", "10:03", 4), invoice("C", "10:04", 5)));
        BatchCounters second = runs.run(plan);
        runs.deleteLocalState();
        Topics.produce(
                kafka,
                input,
                List.of(
                        invoice("A", "10:05", 6),
                        invoice("C", "10:06", 7),
                        invoice("D", "10:07", 8)));
        BatchCounters third = runs.run(plan);

        assertThat(rows(output))
                .containsExactly("A 10:00 1", "B 10:01 2", "C 10:04 5", "D 10:07 8");
        assertThat(counts(first)).containsExactly(3L, 2L, 1L, 2L);
        assertThat(counts(second)).containsExactly(2L, 1L, 1L, 1L);
        assertThat(counts(third)).containsExactly(3L, 1L, 2L, 1L);
        assertThat(keyCounts(plan, input + "-0")).containsExactly(4L, 4L);
    }

    @Test
    void shouldDeleteExpiredKeysAndDeadLetterLateRowsWhenTheWatermarkMoves() throws Exception {
        String input = kafka.uniqueTopic("invoices");
        String output = kafka.uniqueTopic("unique");
        kafka.createTopics(1, input);
        PipelinePlan plan =
                plan(
                        kafka.uniqueTopic("dedupe-wm"),
                        input,
                        output,
                        Optional.of(Duration.ofMinutes(10)));

        Topics.produce(kafka, input, List.of(invoice("A", "10:00", 1), invoice("B", "10:05", 2)));
        runs.run(plan);
        List<Long> afterFirst = keyCounts(plan, input + "-0");
        Topics.produce(kafka, input, List.of(invoice("C", "10:30", 3)));
        runs.run(plan);
        List<Long> afterSecond = keyCounts(plan, input + "-0");
        Topics.produce(
                kafka,
                input,
                List.of(
                        invoice("A", "10:10", 4),
                        invoice("C", "10:31", 5),
                        invoice("E", "10:32", 6)));
        BatchCounters third = runs.run(plan);

        // watermark 09:55 after the first batch keeps A and B; 10:20 after the second drops them
        assertThat(afterFirst).containsExactly(2L, 2L);
        assertThat(afterSecond).containsExactly(1L, 1L);
        assertThat(rows(output))
                .containsExactly("A 10:00 1", "B 10:05 2", "C 10:30 3", "E 10:32 6");
        assertThat(third.late()).isEqualTo(1);
        assertThat(third.filtered()).isEqualTo(1);
        assertThat(keyCounts(plan, input + "-0")).containsExactly(2L, 2L);
        List<ConsumerRecord<byte[], byte[]>> dead =
                Topics.readCommitted(kafka, plan.deadLetterTopic());
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.STAGE)).isEqualTo("late");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo(invoice("A", "10:10", 4));
    }

    @Test
    void shouldDropDuplicatesFromOtherPartitionsWhenTheSourceIsRepartitionedByTheKey()
            throws Exception {
        String input = kafka.uniqueTopic("invoices");
        String output = kafka.uniqueTopic("unique");
        kafka.createTopics(3, input);
        PipelinePlan plan =
                plan(kafka.uniqueTopic("dedupe-spread"), input, output, Optional.empty());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String invoice = invoice("I" + (i % 10), "10:00", i);
            records.add(
                    new ProducerRecord<>(
                            input, i % 3, null, invoice.getBytes(StandardCharsets.UTF_8)));
        }
        Topics.produceRecords(kafka, input, records);

        PipelineRunner runner = runs.runner(plan);
        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);

        List<String> invoices = new ArrayList<>();
        for (String row : rows(output)) {
            invoices.add(row.split(" ")[0]);
        }
        assertThat(invoices)
                .containsExactlyInAnyOrder(
                        "I0", "I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9");
        assertThat(runner.totals().filtered()).isEqualTo(20);
        assertThat(runner.totals().in()).isEqualTo(30);
    }

    private static PipelinePlan plan(
            String name, String input, String output, Optional<Duration> watermark) {
        StatefulStage stage =
                new StatefulStage(
                        new DedupeOperator(INVOICE, List.of("InvoiceNumber")),
                        new StatefulStage.EventTime.SourceField(
                                "CreatedTime", INVOICE.getField("CreatedTime").pos()),
                        watermark,
                        StatefulStage.DEFAULT_IDLE_TIMEOUT,
                        false,
                        List.of());
        return WindowedPipelines.json(
                name,
                input,
                output,
                INVOICE,
                WindowedPipelines.JSON_OPTIONS,
                stage,
                new Trigger.AvailableNow());
    }

    /** in, out, filtered, emitting: they reconcile as in = emitting + filtered. */
    private static List<Long> counts(BatchCounters counters) {
        return List.of(counters.in(), counters.out(), counters.filtered(), counters.emitting());
    }

    /** The output rows as "InvoiceNumber HH:mm Amount", in the order they were written. */
    private List<String> rows(String topic) throws Exception {
        return runs.rows(
                topic,
                row ->
                        row.get("InvoiceNumber").asText()
                                + " "
                                + row.get("CreatedTime").asText().substring(11, 16)
                                + " "
                                + row.get("Amount").asText());
    }

    /** The keys in the dedupe store and in its expiry index. */
    private List<Long> keyCounts(PipelinePlan plan, String task) {
        return runs.keyCounts(plan, task, DedupeOperator.KEYS, DedupeOperator.EXPIRY);
    }

    private static String invoice(String number, String clock, int amount) {
        return String.format(
                "{\"InvoiceNumber\": \"%s\", \"CreatedTime\": \"2024-01-01 %s:00\", \"Amount\": %d}",
                number, clock, amount);
    }
}
