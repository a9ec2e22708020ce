package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of aggregation steps and of output modes, with the place they point at. */
class AggregationValidationTest {
    /** Lines 1 to 8; the first step is on line 9. */
    private static final String HEAD =
            """
            name: test
            source:
              topic: invoices
              format: json
              schema: schemas/invoice.avsc
              timestamp: CreatedTime
              watermark: 10m
            steps:
            """;

    private static final String SINK = "sink: {type: console}\n";

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldSuggestTheFunctionWhenAnAggregateFunctionIsUnknown() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    aggregate:\n"
                        + "      Sales: \"summ(TotalValue)\"\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "11:14: steps[0].aggregate.Sales: \"summ(TotalValue)\": 'summ' is not"
                                        + " an aggregate function; did you mean 'sum'?; aggregates"
                                        + " are: avg, collect_list, count, count_distinct, first,"
                                        + " last, listagg, max, min, string_agg, sum"));
    }

    @Test
    void shouldRejectAnAggregateOutputThatIsNotAnAggregateCall() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Sales: \"sum(TotalValue)\", City: City}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "11:49: steps[0].aggregate.City: \"City\": not an aggregate: an"
                                        + " output of an aggregation step must be an aggregate call"
                                        + " such as sum(TotalValue) or count(*) (aggregates are:"
                                        + " avg, collect_list, count, count_distinct, first, last,"
                                        + " listagg, max, min, string_agg, sum); group by plain"
                                        + " columns with groupBy, or"
                                        + " wrap one in first(...)"));
    }

    @Test
    void shouldRequireAWatermarkWhenAnAggregationRunsInAppendMode() {
        String yaml =
                HEAD.replace("  watermark: 10m\n", "")
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: append\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:9: output: output mode 'append' emits each window once the"
                                        + " watermark passes its end, and this pipeline has no"
                                        + " watermark; expected source.watermark (such as"
                                        + " watermark: 10m), or output update or complete"));
    }

    @Test
    void shouldRejectCompleteModeWhenThePipelineIsStateless() {
        String yaml = HEAD + "  - where: \"CustomerType = 'PRIME'\"\noutput: complete\n" + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:9: output: output mode 'complete' needs an aggregation step,"
                                        + " and this pipeline's steps are all stateless; expected"
                                        + " append"));
    }

    @Test
    void shouldSayNotSupportedYetWhenAPipelineHasASecondAggregation() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "  - window: {type: tumbling, size: 1h}\n"
                        + "    aggregate: {Stores: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "12:5: steps[1].window: a second aggregation step (the first is at"
                                        + " line 9); more than one aggregation in a pipeline is not"
                                        + " supported yet; expected at most one aggregation step"));
    }

    @Test
    void shouldListTheColumnsWhenGroupByNamesAnUnknownColumn() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreId]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:15: steps[0].groupBy[0]: unknown column 'StoreId' (did you"
                                        + " mean 'StoreID'?); columns are: "
                                        + PipelineFixture.INVOICE_COLUMNS));
    }

    @Test
    void shouldCheckAStepAfterTheAggregationAgainstTheAggregatedRows() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "  - where: \"TotalValue > 100\"\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "12:13: steps[1].where: unknown column 'TotalValue' at position 1"
                                        + " in \"TotalValue > 100\"; columns are: StoreID,"
                                        + " window_start, window_end, Invoices"));
    }

    @Test
    void shouldRejectAppendModeWhenAnAggregationHasNoWindow() {
        String yaml =
                HEAD
                        + "  - where: \"CustomerType = 'PRIME'\"\n"
                        + "  - groupBy: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: append\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "12:9: output: output mode 'append' emits a row once the watermark"
                                        + " closes its window, and an aggregation without a window"
                                        + " never closes a group (the watermark cannot tell that a"
                                        + " group is complete); expected output update or complete,"
                                        + " a window in the aggregation step, or the watermarked"
                                        + " source.timestamp column in its groupBy"));
    }

    @Test
    void shouldAcceptAppendModeWhenAWindowlessAggregationGroupsByTheWatermarkedColumn() {
        String yaml =
                HEAD
                        + "  - groupBy: [CreatedTime, StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: append\n"
                        + SINK;

        CompiledPipeline pipeline = fixture.load(yaml);

        assertThat(
                        pipeline.plan()
                                .stateful()
                                .orElseThrow()
                                .aggregation()
                                .orElseThrow()
                                .eventTimeGroup())
                .map(column -> column.name())
                .contains("CreatedTime");
    }

    @Test
    void shouldRejectAppendModeWhenTheGroupComputesFromTheWatermarkedColumn() {
        String yaml =
                HEAD
                        + "  - groupBy: [{Day: \"CAST(CreatedTime AS DATE)\"}]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: append\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage()).contains("output mode 'append' emits a row once");
    }

    @Test
    void shouldRequireTheAggregatesInTheSameItemAsTheWindow() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "  - aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "9:5: steps[0].aggregate: missing; expected a mapping of output"
                                        + " column to aggregate call, such as {Sales:"
                                        + " \"sum(TotalValue)\", Invoices: \"count(*)\"}"));
    }

    @Test
    void shouldRejectASlideLongerThanTheWindow() {
        String yaml =
                HEAD
                        + "  - window: {type: sliding, size: 5m, slide: 10m}\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "9:46: steps[0].window.slide: the slide (10m) is longer than the"
                                        + " size (5m), which would leave gaps between windows;"
                                        + " expected a slide of at most the size"));
    }

    @Test
    void shouldRejectAKeyThatTheWindowTypeDoesNotTake() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m, gap: 5m}\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "9:41: steps[0].window.gap: a tumbling window takes no gap;"
                                        + " expected type and size"));
    }

    @Test
    void shouldRejectAZeroWindowSize() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 0s}\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "9:36: steps[0].window.size: the window's size is zero; expected a"
                                        + " positive duration in whole milliseconds, such as 15m"));
    }

    @Test
    void shouldRejectAStatelessStepInTheItemOfAnAggregation() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    where: \"CustomerType = 'PRIME'\"\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:5: steps[0].where: step 'where' in the list item of an"
                                        + " aggregation step; expected each step in its own list"
                                        + " item, such as - where: ..."));
    }

    @Test
    void shouldSuggestTheKeyWhenAnAggregationKeyIsMisspelt() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupby: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:5: steps[0].groupby: unknown key of an aggregation step (did"
                                        + " you mean 'groupBy'?); expected window, groupBy,"
                                        + " aggregate"));
    }

    @Test
    void shouldRejectAnAggregateNamedLikeAWindowColumn() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    aggregate: {window_start: \"min(CreatedTime)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:17: steps[0].aggregate.window_start: output column"
                                        + " 'window_start' is already the window's start column;"
                                        + " expected distinct names for the group columns,"
                                        + " window_start, window_end and the aggregates"));
    }

    @Test
    void shouldAskForANameWhenAGroupItemIsAnExpression() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [\"upper(City)\"]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "10:15: steps[0].groupBy[0]: 'upper(City)' is not a column, and an"
                                        + " expression needs the name of its output column;"
                                        + " expected Name: expression, such as - City:"
                                        + " \"upper(City)\""));
    }

    @Test
    void shouldRejectAZeroIdleTimeout() {
        String yaml =
                HEAD.replace("watermark: 10m\n", "watermark: 10m\n  idleTimeout: 0s\n")
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:16: source.idleTimeout: the idle timeout is zero; expected a"
                                        + " positive duration, such as 1m (the default)"));
    }

    @Test
    void shouldRetractMergedSessionsByDefaultWhenTheSinkHasAKey() {
        String yaml =
                HEAD
                        + "  - window: {type: session, gap: 5m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: update\n"
                        + "sink: {topic: out, format: json, key: StoreID}\n";

        CompiledPipeline keyed = fixture.load(yaml);
        CompiledPipeline console =
                fixture.load(
                        yaml.replace("sink: {topic: out, format: json, key: StoreID}\n", SINK));

        assertThat(aggregation(keyed).retractsMerged()).isTrue();
        assertThat(aggregation(console).retractsMerged()).isFalse();
    }

    @Test
    void shouldRejectRetractMergedWhenTheOutputModeIsAppend() {
        String yaml =
                HEAD
                        + "  - window: {type: session, gap: 5m, retractMerged: true}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: append\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "9:53: steps[0].window.retractMerged: retractMerged"
                                        + " withdraws the rows of sessions that merged, which only"
                                        + " update mode emits; append emits each session once it"
                                        + " is closed and complete emits every session each batch;"
                                        + " expected output: update, or no retractMerged"));
    }

    @Test
    void shouldRejectRetractMergedWhenTheKafkaSinkHasNoKey() {
        String yaml =
                HEAD
                        + "  - window: {type: session, gap: 5m, retractMerged: true}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + "output: update\n"
                        + "sink: {topic: out, format: json}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .contains(
                        "a retraction is a tombstone under the sink's key, and this sink has no key");
    }

    @Test
    void shouldRejectRetractMergedWhenTheWindowIsNotASession() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 5m, retractMerged: true}\n"
                        + "    aggregate: {Invoices: \"count(*)\"}\n"
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .contains("a tumbling window takes no retractMerged; expected type and size");
    }

    private static io.sluice.processor.window.AggregationPlan aggregation(
            CompiledPipeline pipeline) {
        return pipeline.plan().stateful().orElseThrow().aggregation().orElseThrow();
    }
}
