package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of steps: their kinds, columns and expressions. */
class StepValidationTest {
    private static final String HEAD =
            """
            name: test
            source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
            sink: {type: console}
            steps:
            """;

    private static final String ORDERS =
            """
            name: test
            source: {topic: orders, format: json, schema: schemas/order.avsc}
            sink: {type: console}
            steps:
            """;

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldSuggestTheStepWhenAStepKindIsMisspelt() {
        String yaml = HEAD + "  - selct: [StoreID]\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:5: steps[0].selct: unknown step (did you mean 'select'?);"
                                        + " expected one of where, select, withColumn, drop,"
                                        + " explode, join, dropDuplicates, running, or an aggregation"
                                        + " (window, groupBy, aggregate)"));
    }

    @Test
    void shouldSayNotSupportedYetWhenAStepIsOfALaterVersion() {
        String yaml =
                HEAD + "  - where: \"CustomerType = 'PRIME'\"\n" + "  - union: {topic: stores}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:5: steps[1].union: step 'union' is not supported yet;"
                                        + " expected one of where, select, withColumn, drop,"
                                        + " explode, join, dropDuplicates, running, or an aggregation"
                                        + " (window, groupBy, aggregate)"));
    }

    @Test
    void shouldRejectTwoKindsInOneStep() {
        String yaml = HEAD + "  - where: \"CustomerType = 'PRIME'\"\n    drop: [PosID]\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:5: steps[0].drop: a second step kind in one list item (after"
                                        + " 'where'); expected each step in its own list item, such"
                                        + " as - where: ..."));
    }

    @Test
    void shouldPointAtTheExpressionWhenItNamesAnUnknownColumn() {
        String yaml =
                HEAD
                        + "  - where: \"CustomerType = 'PRIME'\"\n"
                        + "  - select:\n"
                        + "      CustomerCardNo: CustomerCardNo\n"
                        + "      EarnedLoyaltyPoints: \"TotlValue * 0.2\"\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "8:29: steps[1].select.EarnedLoyaltyPoints: unknown column"
                                        + " 'TotlValue'"));
    }

    @Test
    void shouldRejectAWhereThatIsNotBoolean() {
        String yaml = HEAD + "  - where: TotalValue * 2\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(fixture.at("5:12: steps[0].where: the condition is "))
                .endsWith(
                        ", not boolean; expected a boolean expression such as CustomerType ="
                                + " 'PRIME'");
    }

    @Test
    void shouldRejectASelectColumnNameAvroCannotHold() {
        String yaml = HEAD + "  - select:\n      Total Amount: TotalValue\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:7: steps[0].select.Total Amount: 'Total Amount' is not a valid"
                                        + " column name; expected a name of letters, digits and _"
                                        + " that does not start with a digit"));
    }

    @Test
    void shouldListTheColumnsWhenDroppingAnUnknownColumn() {
        String yaml = HEAD + "  - drop: [PosID, PinCod]\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:19: steps[0].drop[1]: unknown column 'PinCod' (did you mean"
                                        + " 'PinCode'?); columns are: "
                                        + PipelineFixture.INVOICE_COLUMNS));
    }

    @Test
    void shouldCheckColumnsAgainstThePreviousStepsOutput() {
        String yaml = HEAD + "  - select: [StoreID, TotalValue]\n  - drop: PosID\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:11: steps[1].drop: unknown column 'PosID'; columns are: StoreID,"
                                        + " TotalValue"));
    }

    @Test
    void shouldRejectDroppingEveryColumn() {
        String yaml = ORDERS + "  - drop: [OrderId, Items]\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:11: steps[0].drop: drops every column; expected at least one"
                                        + " column to remain"));
    }

    @Test
    void shouldRejectExplodingAColumnThatIsNotAnArray() {
        String yaml = ORDERS + "  - explode: {column: OrderId, as: Id}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:23: steps[0].explode.column: column 'OrderId' is string;"
                                        + " expected an array column"));
    }

    @Test
    void shouldRejectAnExplodeElementNameThatIsTaken() {
        String yaml = ORDERS + "  - explode: {column: Items, as: OrderId}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:34: steps[0].explode.as: column 'OrderId' exists already;"
                                        + " expected a new name for the element"));
    }

    @Test
    void shouldRequireTheExpressionOfAWithColumn() {
        String yaml = HEAD + "  - withColumn:\n      name: Tax\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:7: steps[0].withColumn.expr: missing; expected an expression"));
    }

    @Test
    void shouldRejectAStepThatIsNotAMapping() {
        String yaml = HEAD + "  - where\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:5: steps[0]: got 'where'; expected a mapping with one step:"
                                        + " where, select, withColumn, drop, explode, join,"
                                        + " dropDuplicates, running, or an aggregation (window,"
                                        + " groupBy, aggregate)"));
    }

    @Test
    void shouldRejectAColumnSelectedTwice() {
        String yaml = HEAD + "  - select: [StoreID, TotalValue, StoreID]\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:35: steps[0].select[2]: column 'StoreID' is selected twice;"
                                        + " expected each column once"));
    }

    @Test
    void shouldPointInsideAPlainExpressionAtTheCharacterTheCompilerBlames() {
        String yaml = HEAD + "  - where: CustomerType = Prime\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "5:27: steps[0].where: unknown column 'Prime' at position 16 in"
                                        + " \"CustomerType = Prime\""));
    }

    @Test
    void shouldPointAtTheStartOfAnExpressionWrittenOverSeveralLines() {
        String yaml =
                HEAD
                        + "  - withColumn:\n"
                        + "      name: Tax\n"
                        + "      expr: >\n"
                        + "        TotalValue *\n"
                        + "        Rate\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(fixture.at("7:13: steps[0].withColumn.expr: unknown column 'Rate'"));
    }

    @Test
    void shouldRejectStepsThatAreNotAList() {
        String yaml = HEAD.replace("steps:\n", "steps:\n  where: \"CustomerType = 'PRIME'\"\n");

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:3: steps: got a mapping; expected a list of steps, such as -"
                                        + " where: ..."));
    }
}
