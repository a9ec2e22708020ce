package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline files with an aggregation step that compile: the plans they give. */
class AggregationPipelineTest {
    private static final String SOURCE =
            """
            name: sales
            source:
              topic: invoices
              format: json
              schema: schemas/invoice.avsc
              timestamp: CreatedTime
              watermark: 10m
            """;

    private static final String STEP =
            """
              - window: {type: tumbling, size: 15m}
                groupBy: [StoreID]
                aggregate:
                  Sales: "sum(TotalValue)"
                  Invoices: "count(*)"
            """;

    private static final String CONSOLE = "sink: {type: console}\n";

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldSplitTheStepsAroundTheAggregationWhenStepsComeBeforeAndAfterIt() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + "  - where: \"CustomerType = 'PRIME'\"\n"
                        + STEP
                        + "  - withColumn: {name: AverageSale, expr: \"Sales / Invoices\"}\n"
                        + "  - drop: window_end\n"
                        + "sink: {topic: store-sales, format: json, key: StoreID}\n";

        PipelinePlan plan = fixture.load(yaml).plan();

        StatefulStage stage = plan.stateful().orElseThrow();
        assertThat(plan.operators())
                .extracting(RowOperator::toString)
                .containsExactly("where CustomerType = 'PRIME'");
        assertThat(TypeNames.fields(stage.aggregation().orElseThrow().outputSchema()))
                .isEqualTo(
                        "StoreID string, window_start timestamp-millis, window_end"
                                + " timestamp-millis, Sales nullable double, Invoices long");
        assertThat(stage.after())
                .extracting(RowOperator::toString)
                .containsExactly("withColumn AverageSale = Sales / Invoices", "drop window_end");
        SinkPlan.Kafka sink = (SinkPlan.Kafka) plan.sink();
        assertThat(sink.schema()).isSameAs(stage.after().get(1).outputSchema());
        assertThat(TypeNames.columns(sink.schema()))
                .isEqualTo("StoreID, window_start, Sales, Invoices, AverageSale");
        assertThat(sink.key()).hasToString("StoreID");
    }

    @Test
    void shouldTakeEventTimeWatermarkAndIdleTimeoutFromTheSourceWhenTheyAreSet() {
        String yaml =
                SOURCE.replace("watermark: 10m\n", "watermark: 10m\n  idleTimeout: 5m\n")
                        + "steps:\n"
                        + STEP
                        + CONSOLE;

        StatefulStage stage = fixture.load(yaml).plan().stateful().orElseThrow();

        assertThat(stage.eventTime()).isEqualTo(new EventTime.SourceField("CreatedTime", 1));
        assertThat(stage.watermarkDelay()).contains(Duration.ofMinutes(10));
        assertThat(stage.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldUseTheRecordTimestampAndUpdateModeWhenTheSourceHasNoTimestampOrWatermark() {
        String yaml =
                SOURCE.replace("  timestamp: CreatedTime\n  watermark: 10m\n", "")
                        + "steps:\n"
                        + STEP
                        + CONSOLE;

        CompiledPipeline compiled = fixture.load(yaml);

        StatefulStage stage = compiled.plan().stateful().orElseThrow();
        assertThat(stage.eventTime()).isEqualTo(new EventTime.RecordTimestamp());
        assertThat(stage.watermarkDelay()).isEmpty();
        assertThat(stage.idleTimeout()).isEqualTo(StatefulStage.DEFAULT_IDLE_TIMEOUT);
        assertThat(stage.aggregation().orElseThrow().outputMode()).isEqualTo(OutputMode.UPDATE);
        assertThat(compiled.outputMode()).isEqualTo(OutputMode.UPDATE);
    }

    @Test
    void shouldDefaultToAppendWhenAnAggregationHasAWatermark() {
        String yaml = SOURCE + "steps:\n" + STEP + CONSOLE;

        CompiledPipeline compiled = fixture.load(yaml);

        assertThat(compiled.outputMode()).isEqualTo(OutputMode.APPEND);
        assertThat(
                        compiled.plan()
                                .stateful()
                                .orElseThrow()
                                .aggregation()
                                .orElseThrow()
                                .outputMode())
                .isEqualTo(OutputMode.APPEND);
    }

    @Test
    void shouldRunInEveryModeWhenAnAggregationHasAWatermark() {
        List<OutputMode> modes = new ArrayList<>();
        for (String mode : List.of("append", "update", "complete")) {
            String yaml = SOURCE + "output: " + mode + "\nsteps:\n" + STEP + CONSOLE;
            modes.add(aggregationOf(yaml).outputMode());
        }

        assertThat(modes)
                .containsExactly(OutputMode.APPEND, OutputMode.UPDATE, OutputMode.COMPLETE);
    }

    @Test
    void shouldAcceptCompleteModeWhenAnAggregationHasNoWatermark() {
        String yaml =
                SOURCE.replace("  watermark: 10m\n", "")
                        + "output: complete\nsteps:\n"
                        + STEP
                        + CONSOLE;

        CompiledPipeline compiled = fixture.load(yaml);

        assertThat(compiled.outputMode()).isEqualTo(OutputMode.COMPLETE);
    }

    @Test
    void shouldReadSlidingAndSessionWindowsWhenTheStepNamesThem() {
        String sliding =
                STEP.replace("type: tumbling, size: 15m", "type: sliding, size: 10m, slide: 5m");
        String session = STEP.replace("type: tumbling, size: 15m", "type: session, gap: 5m");

        AggregationPlan slidingPlan = aggregationOf(SOURCE + "steps:\n" + sliding + CONSOLE);
        AggregationPlan sessionPlan = aggregationOf(SOURCE + "steps:\n" + session + CONSOLE);

        assertThat(slidingPlan.window())
                .isEqualTo(new WindowSpec.Sliding(Duration.ofMinutes(10), Duration.ofMinutes(5)));
        assertThat(sessionPlan.window()).isEqualTo(new WindowSpec.Session(Duration.ofMinutes(5)));
    }

    @Test
    void shouldAggregateOneGroupWhenGroupByIsOmitted() {
        String yaml = SOURCE + "steps:\n" + STEP.replace("    groupBy: [StoreID]\n", "") + CONSOLE;

        AggregationPlan plan = aggregationOf(yaml);

        assertThat(plan.groupBy()).isEmpty();
        assertThat(TypeNames.columns(plan.outputSchema()))
                .isEqualTo("window_start, window_end, Sales, Invoices");
    }

    @Test
    void shouldComputeAGroupColumnWhenAGroupItemNamesAnExpression() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + STEP.replace(
                                "groupBy: [StoreID]", "groupBy: [State, {Town: \"upper(City)\"}]")
                        + CONSOLE;

        AggregationPlan plan = aggregationOf(yaml);

        assertThat(plan.groupBy())
                .extracting(GroupColumn::name, c -> c.expression().sql())
                .containsExactly(tuple("State", "State"), tuple("Town", "upper(City)"));
        assertThat(TypeNames.columns(plan.outputSchema()))
                .isEqualTo("State, Town, window_start, window_end, Sales, Invoices");
    }

    @Test
    void shouldConvertToTheSinkSchemaAfterTheAggregationWhenTheSinkNamesOne() {
        fixture.write(
                "schemas/sales.avsc",
                """
                {"type": "record", "name": "Sales", "namespace": "out", "fields": [
                  {"name": "StoreID", "type": "string"},
                  {"name": "window_start", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "Sales", "type": ["null", "double"], "default": null}]}
                """);
        String yaml =
                SOURCE
                        + "steps:\n"
                        + STEP
                        + "sink: {topic: sales, format: avro, schema: schemas/sales.avsc}\n";

        PipelinePlan plan = fixture.load(yaml).plan();

        assertThat(plan.operators()).isEmpty();
        assertThat(plan.stateful().orElseThrow().after())
                .extracting(RowOperator::toString)
                .containsExactly("conform to out.Sales");
        assertThat(((SinkPlan.Kafka) plan.sink()).schema().getFullName()).isEqualTo("out.Sales");
    }

    @Test
    void shouldEmitWindowRowsWhenInvoicesRunThroughTheCompiledPlan() {
        String yaml =
                SOURCE
                        + "output: update\n"
                        + "steps:\n"
                        + STEP.replace("groupBy: [StoreID]", "groupBy: [City]")
                        + "  - select: [City, Sales, Invoices]\n"
                        + "sink: {topic: out, format: json}\n";
        PipelinePlan plan = fixture.load(yaml).plan();
        String surat =
                "{\"InvoiceNumber\": \"1\", \"CreatedTime\": %d, \"StoreID\": \"S1\", \"PosID\":"
                        + " \"P1\", \"CustomerType\": \"PRIME\", \"PaymentMethod\": \"CARD\","
                        + " \"DeliveryType\": \"TAKEAWAY\", \"City\": \"Surat\", \"State\": \"GJ\","
                        + " \"PinCode\": \"395003\", \"ItemCode\": \"1\", \"ItemDescription\":"
                        + " \"Mug\", \"ItemPrice\": %s, \"ItemQty\": 1, \"TotalValue\": %s}";

        List<String> written =
                ReferenceRun.oneBatch(
                        plan,
                        List.of(
                                surat.formatted(60_000L, "10.0", "10.0"),
                                surat.formatted(120_000L, "5.5", "5.5")));

        assertThat(written).containsExactly("{\"City\":\"Surat\",\"Sales\":15.5,\"Invoices\":2}");
    }

    @Test
    void shouldAggregatePerGroupInUpdateModeWhenTheStepHasNoWindow() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + STEP.replace(
                                "  - window: {type: tumbling, size: 15m}\n    groupBy",
                                "  - groupBy")
                        + CONSOLE;

        CompiledPipeline compiled = fixture.load(yaml);

        AggregationPlan plan = compiled.plan().stateful().orElseThrow().aggregation().orElseThrow();
        assertThat(plan.window()).isEqualTo(new WindowSpec.Global());
        assertThat(compiled.outputMode()).isEqualTo(OutputMode.UPDATE);
        assertThat(TypeNames.columns(plan.outputSchema())).isEqualTo("StoreID, Sales, Invoices");
    }

    @Test
    void shouldAcceptCompleteModeAndAColumnNamedWindowStartWhenTheStepHasNoWindow() {
        String yaml =
                SOURCE
                        + "output: complete\n"
                        + "steps:\n"
                        + "  - groupBy: [{window_start: StoreID}]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + CONSOLE;

        AggregationPlan plan = aggregationOf(yaml);

        assertThat(plan.outputMode()).isEqualTo(OutputMode.COMPLETE);
        assertThat(TypeNames.columns(plan.outputSchema())).isEqualTo("window_start, Invoices");
    }

    @Test
    void shouldEmitOneRowPerCityWhenInvoicesRunThroughAPlanWithoutWindow() {
        String yaml =
                SOURCE
                        + "steps:\n"
                        + "  - groupBy: [City]\n"
                        + "    aggregate: {Sales: \"sum(TotalValue)\", Invoices: \"count(*)\"}\n"
                        + "sink: {topic: out, format: json}\n";
        PipelinePlan plan = fixture.load(yaml).plan();
        String invoice =
                "{\"InvoiceNumber\": \"1\", \"CreatedTime\": %d, \"StoreID\": \"S1\", \"PosID\":"
                        + " \"P1\", \"CustomerType\": \"PRIME\", \"PaymentMethod\": \"CARD\","
                        + " \"DeliveryType\": \"TAKEAWAY\", \"City\": \"%s\", \"State\": \"GJ\","
                        + " \"PinCode\": \"395003\", \"ItemCode\": \"1\", \"ItemDescription\":"
                        + " \"Mug\", \"ItemPrice\": 1.0, \"ItemQty\": 1, \"TotalValue\": %s}";

        List<String> written =
                ReferenceRun.oneBatch(
                        plan,
                        List.of(
                                invoice.formatted(60_000L, "Surat", "10.0"),
                                invoice.formatted(7_200_000L, "Pune", "2.5"),
                                invoice.formatted(86_400_000L, "Surat", "5.5")));

        assertThat(written)
                .containsExactly(
                        "{\"City\":\"Pune\",\"Sales\":2.5,\"Invoices\":1}",
                        "{\"City\":\"Surat\",\"Sales\":15.5,\"Invoices\":2}");
    }

    /** The aggregation plan {@code yaml} compiles to; fails when it has none. */
    private AggregationPlan aggregationOf(String yaml) {
        return fixture.load(yaml).plan().stateful().orElseThrow().aggregation().orElseThrow();
    }
}
