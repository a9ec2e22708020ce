package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.metrics.EngineMetrics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.state.rocksdb.LocalStateDamage;
import io.sluice.processor.stateful.DedupeOperator;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12: local state damaged between two runs (a truncated SST file, garbage in CURRENT or in
 * the MANIFEST, the task's directory deleted) is wiped and restored from the changelogs, so a
 * dropDuplicates pipeline still emits each key once; each corruption counts one recovery.
 */
@ExtendWith(KafkaClusterExtension.class)
class Issue12IT {
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

    /** How the local state is damaged, and how many recoveries that takes. */
    enum Damage {
        TRUNCATED_SST(LocalStateDamage::truncateLargestTable, 1),
        GARBAGE_CURRENT(LocalStateDamage::garbageInCurrent, 1),
        GARBAGE_MANIFEST(LocalStateDamage::garbageInManifest, 1),
        // a missing store is not corrupt: it opens empty and is restored from offset 0
        DELETED_DIRECTORY(Issue12IT::delete, 0);

        final Consumer<Path> apply;
        final long recoveries;

        Damage(Consumer<Path> apply, long recoveries) {
            this.apply = apply;
            this.recoveries = recoveries;
        }
    }

    private final KafkaCluster kafka;

    @TempDir Path state;

    private EngineRuns runs;

    Issue12IT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void newRuns() {
        runs = new EngineRuns(kafka, state);
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldDropExactlyTheDuplicatesWhenTheLocalStateWasDamagedBetweenRuns(Damage damage)
            throws Exception {
        String input = kafka.uniqueTopic("invoices");
        String output = kafka.uniqueTopic("unique");
        kafka.createTopics(1, input);
        PipelinePlan plan = plan(kafka.uniqueTopic("dedupe-damaged"), input, output);
        Topics.produce(
                kafka,
                input,
                List.of(
                        invoice("A", "10:00", 1),
                        invoice("B", "10:01", 2),
                        invoice("A", "10:02", 3)));
        runs.run(plan);
        Path task = runs.taskDirectory(plan, input + "-0");
        LocalStateDamage.flushToTables(task);
        damage.apply.accept(task);
        Topics.produce(
                kafka,
                input,
                List.of(
                        invoice("B", "10:03", 4),
                        invoice("C", "10:04", 5),
                        invoice("A", "10:05", 6)));
        EngineMetrics metrics = new EngineMetrics(plan.name(), Clock.systemUTC());

        BatchCounters second = runs.run(plan, metrics);

        assertThat(rows(output)).containsExactly("A 10:00 1", "B 10:01 2", "C 10:04 5");
        assertThat(List.of(second.in(), second.out(), second.filtered()))
                .containsExactly(3L, 1L, 2L);
        assertThat(metrics.registry().get("sluice.state.recoveries").counter().count())
                .isEqualTo(damage.recoveries);
        assertThat(runs.keyCounts(plan, input + "-0", DedupeOperator.KEYS, DedupeOperator.EXPIRY))
                .containsExactly(3L, 3L);
    }

    private static PipelinePlan plan(String name, String input, String output) {
        StatefulStage stage =
                new StatefulStage(
                        new DedupeOperator(INVOICE, List.of("InvoiceNumber")),
                        new StatefulStage.EventTime.SourceField(
                                "CreatedTime", INVOICE.getField("CreatedTime").pos()),
                        Optional.empty(),
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

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String invoice(String number, String clock, int amount) {
        return String.format(
                "{\"InvoiceNumber\": \"%s\", \"CreatedTime\": \"2024-01-01 %s:00\", \"Amount\": %d}",
                number, clock, amount);
    }
}
