package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.stateful.DedupeOperator;
import io.sluice.processor.stateful.RunningOperator;
import io.sluice.processor.window.GroupColumn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dropDuplicates and running steps compile into the stateful stage the engine runs. */
class StatefulStepsPipelineTest {
    private static final String SOURCE =
            """
            name: test
            source:
              topic: invoices
              format: json
              schema: schemas/invoice.avsc
              timestamp: CreatedTime
              watermark: 30m
            """;

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldDedupeTheRowsOfTheStepsBeforeWhenDropDuplicatesNamesColumns() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + "  - where: \"CustomerType = 'PRIME'\"\n"
                        + "  - dropDuplicates: [InvoiceNumber, StoreID]\n"
                        + "  - select: [InvoiceNumber, TotalValue]\n"
                        + "sink: {topic: out, format: json, key: InvoiceNumber}\n";

        CompiledPipeline compiled = fixture.load(yaml);

        StatefulStage stage = compiled.plan().stateful().orElseThrow();
        DedupeOperator dedupe = (DedupeOperator) stage.operator();
        assertThat(dedupe.columns()).containsExactly("InvoiceNumber", "StoreID");
        assertThat(dedupe.keyColumns())
                .extracting(GroupColumn::name)
                .containsExactly("InvoiceNumber", "StoreID");
        assertThat(dedupe.outputSchema()).isEqualTo(compiled.plan().source().schema());
        assertThat(compiled.plan().operators()).hasSize(1);
        assertThat(stage.after()).hasSize(1);
        assertThat(stage.watermarkDelay()).contains(Duration.ofMinutes(30));
        assertThat(compiled.outputMode()).isEqualTo(OutputMode.APPEND);
    }

    @Test
    void shouldUseEveryColumnWhenDropDuplicatesHasNoValue() {
        String yaml =
                SOURCE.replace("  watermark: 30m\n", "")
                        + "steps:\n  - dropDuplicates:\nsink: {type: console}\n";

        CompiledPipeline compiled = fixture.load(yaml);

        DedupeOperator dedupe = (DedupeOperator) compiled.plan().stateful().get().operator();
        assertThat(dedupe.columns())
                .containsExactlyElementsOf(
                        Arrays.asList(PipelineFixture.INVOICE_COLUMNS.split(", ")));
        assertThat(compiled.plan().stateful().get().watermarkDelay()).isEqualTo(Optional.empty());
    }

    @Test
    void shouldPrintTheDedupeStepAndHowLongItKeepsKeysWhenDescribingThePlan() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + "  - dropDuplicates: InvoiceNumber\n"
                        + "sink: {topic: out, format: json}\n";

        String text = fixture.load(yaml).describe();

        assertThat(text)
                .contains(
                        """
                        steps
                          1. dropDuplicates InvoiceNumber
                               state: each key until the watermark (30m) passes the event time of its first row
                             -> test.Invoice {%s}
                        """
                                .formatted(
                                        TypeNames.fields(
                                                fixture.load(yaml).plan().source().schema())))
                .contains(
                        "  key: none (the rows of dropDuplicates InvoiceNumber leave it without"
                                + " their record)\n");
    }

    @Test
    void shouldAddRunningColumnsToTheWindowRowsWhenRunningFollowsTheAggregation() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Sales: \"sum(TotalValue)\", Invoices: \"count(*)\"}\n"
                        + "  - running:\n"
                        + "      sum: {RSales: Sales, RInvoices: Invoices}\n"
                        + "      max: {MaxSales: Sales}\n"
                        + "  - withColumn: {name: Average, expr: \"RSales / RInvoices\"}\n"
                        + "output: append\n"
                        + "sink: {type: console}\n";

        CompiledPipeline compiled = fixture.load(yaml);

        StatefulStage stage = compiled.plan().stateful().orElseThrow();
        RunningOperator running = (RunningOperator) stage.operator();
        assertThat(stage.aggregation()).isPresent();
        assertThat(running.keyColumns()).extracting(GroupColumn::name).containsExactly("StoreID");
        assertThat(running.outputSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly(
                        "StoreID",
                        "window_start",
                        "window_end",
                        "Sales",
                        "Invoices",
                        "RSales",
                        "RInvoices",
                        "MaxSales");
        assertThat(TypeNames.fields(stage.after().get(0).outputSchema()))
                .endsWith(
                        "RSales nullable double, RInvoices nullable long, MaxSales nullable double,"
                                + " Average nullable double");
        assertThat(compiled.describe())
                .contains(
                        """
                          2. running RSales = sum(Sales), RInvoices = sum(Invoices), MaxSales = max(Sales)
                        """)
                .contains(
                        "       per group of the aggregation, over its closed windows in start order\n")
                .contains("  3. withColumn");
    }
}
