package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of dropDuplicates and running steps, and of a second stateful step. */
class StatefulStepValidationTest {
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

    private static final String WINDOW =
            "  - window: {type: tumbling, size: 15m}\n"
                    + "    aggregate: {Sales: \"sum(TotalValue)\"}\n";

    private static final String SINK = "sink: {type: console}\n";

    private static final String ONE_STATEFUL_STEP =
            "; a pipeline has at most one stateful step (dropDuplicates, an aggregation or a"
                    + " stream-stream join); expected one of them, with stateless steps before"
                    + " and after it";

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldRejectDropDuplicatesWhenAnAggregationComesBefore() {
        String yaml = HEAD + WINDOW + "  - dropDuplicates: [Sales]\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:5: steps[1].dropDuplicates: a second stateful step"
                                        + " (dropDuplicates, after an aggregation at line 9)"
                                        + ONE_STATEFUL_STEP));
    }

    @Test
    void shouldRejectAnAggregationWhenDropDuplicatesComesBefore() {
        String yaml = HEAD + "  - dropDuplicates: [InvoiceNumber]\n" + WINDOW + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "10:5: steps[1].window: a second stateful step (an aggregation,"
                                        + " after dropDuplicates at line 9)"
                                        + ONE_STATEFUL_STEP));
    }

    @Test
    void shouldRejectASecondDropDuplicates() {
        String yaml =
                HEAD
                        + "  - dropDuplicates: [InvoiceNumber]\n"
                        + "  - where: \"TotalValue > 0\"\n"
                        + "  - dropDuplicates: [StoreID]\n"
                        + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:5: steps[2].dropDuplicates: a second stateful step"
                                        + " (dropDuplicates, after dropDuplicates at line 9)"
                                        + ONE_STATEFUL_STEP));
    }

    @Test
    void shouldListTheColumnsWhenDropDuplicatesNamesAnUnknownOne() {
        String yaml = HEAD + "  - dropDuplicates: [InvoiceNumbr]\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "9:22: steps[0].dropDuplicates[0]: unknown column 'InvoiceNumbr' (did"
                                        + " you mean 'InvoiceNumber'?); columns are: "
                                        + PipelineFixture.INVOICE_COLUMNS));
    }

    @Test
    void shouldRejectDropDuplicatesWithAnEmptyList() {
        String yaml = HEAD + "  - dropDuplicates: []\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "9:21: steps[0].dropDuplicates: an empty list; expected a list of"
                                        + " the columns that make rows duplicates, such as"
                                        + " [InvoiceNumber], or no value for all columns"));
    }

    @Test
    void shouldRejectAColumnNamedTwiceInDropDuplicates() {
        String yaml = HEAD + "  - dropDuplicates: [StoreID, PosID, StoreID]\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "9:38: steps[0].dropDuplicates[2]: column 'StoreID' is named twice;"
                                        + " expected each column once"));
    }

    @Test
    void shouldRejectAMapColumnWhenDropDuplicatesTakesEveryColumn() {
        fixture.write(
                "schemas/tagged.avsc",
                """
                {"type": "record", "name": "Tagged", "fields": [
                  {"name": "Id", "type": "string"},
                  {"name": "Tags", "type": {"type": "map", "values": "string"}}
                ]}
                """);
        String yaml =
                """
                name: test
                source: {topic: tagged, format: json, schema: schemas/tagged.avsc}
                steps:
                  - dropDuplicates:
                sink: {type: console}
                """;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "4:5: steps[0].dropDuplicates: column 'Tags' is map<string>, which"
                                        + " holds a map, and maps cannot be compared for"
                                        + " duplicates; expected columns without maps"));
    }

    @Test
    void shouldRejectUpdateModeWhenThePipelineDropsDuplicates() {
        String yaml = HEAD + "  - dropDuplicates: [InvoiceNumber]\noutput: update\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "10:9: output: output mode 'update' needs an aggregation step, and"
                                        + " dropDuplicates emits each first row once; expected"
                                        + " append"));
    }

    @Test
    void shouldRejectRunningTotalsWhenNoAggregationComesBefore() {
        String yaml = HEAD + "  - running: {sum: {Total: TotalValue}}\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "9:5: steps[0].running: running totals add up the closed windows of"
                                        + " an aggregation, and no aggregation step comes before;"
                                        + " expected a windowed aggregation step (window, groupBy,"
                                        + " aggregate) right before it"));
    }

    @Test
    void shouldRejectRunningTotalsWhenTheOutputModeIsNotAppend() {
        String yaml =
                HEAD + WINDOW + "  - running: {sum: {RSales: Sales}}\noutput: update\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:5: steps[1].running: running totals add up closed windows,"
                                        + " which are final only in append mode, and the output"
                                        + " mode is update; expected output: append"));
    }

    @Test
    void shouldRejectRunningTotalsWhenAStepComesBetweenThemAndTheAggregation() {
        String yaml =
                HEAD
                        + WINDOW
                        + "  - withColumn: {name: Double, expr: \"Sales * 2\"}\n"
                        + "  - running: {sum: {RSales: Sales}}\n"
                        + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:5: steps[2].running: running totals take the aggregation's rows"
                                        + " as they are, and other steps come between it and this"
                                        + " one (at line 9); expected the running step right after"
                                        + " the aggregation step, once"));
    }

    @Test
    void shouldRejectASecondRunningStep() {
        String yaml =
                HEAD
                        + WINDOW
                        + "  - running: {sum: {RSales: Sales}}\n"
                        + "  - running: {max: {MaxSales: Sales}}\n"
                        + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:5: steps[2].running: a second running step (the first is at"
                                        + " line 11); expected one running step, with all its"
                                        + " columns"));
    }

    @Test
    void shouldRejectARunningColumnThatTakesTheNameOfAColumn() {
        String yaml = HEAD + WINDOW + "  - running: {sum: {Sales: Sales}}\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:21: steps[1].running.sum.Sales: column 'Sales' exists already;"
                                        + " expected a new name for the running column"));
    }

    @Test
    void shouldSuggestTheFunctionWhenARunningFunctionIsUnknown() {
        String yaml = HEAD + WINDOW + "  - running: {summ: {RSales: Sales}}\n" + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:15: steps[1].running.summ: unknown key (did you mean 'sum'?);"
                                        + " expected one of sum, count, min, max, avg"));
    }

    @Test
    void shouldRejectARunningSumOfText() {
        String yaml =
                HEAD
                        + "  - window: {type: tumbling, size: 15m}\n"
                        + "    groupBy: [StoreID]\n"
                        + "    aggregate: {Sales: \"sum(TotalValue)\"}\n"
                        + "  - running: {sum: {RStore: StoreID}}\n"
                        + SINK;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:29: steps[1].running.sum.RStore: sum needs a number (int,"
                                        + " long, float, double or decimal), got string; CAST the"
                                        + " argument to a number"));
    }
}
