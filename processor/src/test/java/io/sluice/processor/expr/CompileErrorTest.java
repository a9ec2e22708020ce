package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompileErrorTest {

    private static ExpressionException compileError(String sql) {
        try {
            ExpressionCompiler.compile(sql, Rows.INVOICE);
        } catch (ExpressionException e) {
            return e;
        }
        throw new AssertionError("expected a compile error for " + sql);
    }

    @Test
    void shouldNameColumnsWhenColumnIsUnknown() {
        ExpressionException error = compileError("Totl * 2");

        assertThat(error)
                .hasMessage(
                        "unknown column 'Totl' at position 1 in \"Totl * 2\"; columns are:"
                                + " InvoiceNumber, CreatedTime, StoreID, PosID, CustomerType,"
                                + " CustomerCardNo, PaymentMethod, DeliveryType, City, State,"
                                + " PinCode, ItemCode, ItemDescription, ItemPrice, ItemQty,"
                                + " TotalValue");
        assertThat(error.sql()).isEqualTo("Totl * 2");
        assertThat(error.position()).hasValue(1);
    }

    @Test
    void shouldSuggestColumnWhenNameIsMisspelt() {
        ExpressionException error = compileError("ItemQty * TotalVlaue");

        assertThat(error)
                .hasMessageStartingWith(
                        "unknown column 'TotalVlaue' at position 11 in \"ItemQty * TotalVlaue\"; did you"
                                + " mean 'TotalValue'? columns are: InvoiceNumber");
        assertThat(error.position()).hasValue(11);
    }

    @Test
    void shouldNameFunctionWhenFunctionIsUnknown() {
        ExpressionException error = compileError("1 + foo(City)");

        assertThat(error)
                .hasMessageStartingWith(
                        "function 'foo' is not known at position 5 in \"1 + foo(City)\"; functions"
                                + " are: abs, array_join, ceil");
    }

    @Test
    void shouldSuggestFunctionWhenNameIsMisspelt() {
        ExpressionException error = compileError("uper(City)");

        assertThat(error).hasMessageContaining("did you mean 'upper'?");
    }

    @Test
    void shouldNameTypesWhenComparisonDoesNotFit() {
        ExpressionException error = compileError("City > 2.5");

        assertThat(error)
                .hasMessageStartingWith(
                        "cannot compare string with double at position 1 in \"City > 2.5\"");
    }

    @Test
    void shouldHintAtConcatWhenTextIsAdded() {
        ExpressionException error = compileError("City + 'x'");

        assertThat(error)
                .hasMessage(
                        "cannot apply '+' to string and string at position 1 in \"City + 'x'\"; use"
                                + " || or concat() to join text");
    }

    @Test
    void shouldNameOperandWhenLogicGetsNonBoolean() {
        ExpressionException error = compileError("ItemQty > 1 AND City");

        assertThat(error)
                .hasMessageStartingWith(
                        "AND expects a boolean, got string (City) at position 17 in \"ItemQty > 1 AND City\"");
    }

    @Test
    void shouldRefuseAggregateWhenUsedOutsideAggregation() {
        ExpressionException error = compileError("sum(TotalValue) * 2");

        assertThat(error)
                .hasMessageStartingWith(
                        "aggregate function 'sum' is not allowed here at position 1");
    }

    @Test
    void shouldRefuseNonBooleanWhenCompiledAsPredicate() {
        assertThatThrownBy(
                        () -> ExpressionCompiler.compilePredicate("TotalValue * 2", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(
                        "expected a boolean condition but the expression is double in \"TotalValue *"
                                + " 2\"; write a condition such as CustomerType = 'PRIME'");
    }

    @Test
    void shouldNameTokenWhenSyntaxIsBad() {
        ExpressionException error = compileError("CustomerType = = 'PRIME'");

        assertThat(error)
                .hasMessage(
                        "unexpected '=' at position 14 in \"CustomerType = = 'PRIME'\"; expected an"
                                + " operator or the end of the expression");
        assertThat(error.position()).hasValue(14);
    }

    @Test
    void shouldListExpectedTokensWhenExpressionEndsEarly() {
        ExpressionException error = compileError("CASE WHEN ItemQty > 1 THEN 1");

        assertThat(error)
                .hasMessage(
                        "unexpected end of expression at position 29 in \"CASE WHEN ItemQty > 1"
                                + " THEN 1\"; expected one of: \"ELSE\", \"END\", \"WHEN\"");
    }

    @Test
    void shouldNameQuoteWhenStringIsNotClosed() {
        ExpressionException error = compileError("City = 'Surat");

        assertThat(error)
                .hasMessageStartingWith("unexpected end of expression (is a quote not closed?)");
    }

    @Test
    void shouldRefuseEmptyTextWhenNothingIsWritten() {
        ExpressionException error = compileError("   ");

        assertThat(error).hasMessageStartingWith("empty expression");
    }

    @Test
    void shouldRefuseUnsupportedSyntaxWhenParserKnowsIt() {
        ExpressionException error = compileError("ItemQty DIV 2");

        assertThat(error).hasMessageStartingWith("'ItemQty DIV 2' is not supported");
    }

    @Test
    void shouldRefuseSubqueryWhenUsedInIn() {
        ExpressionException error = compileError("City IN (SELECT 1)");

        assertThat(error).hasMessageStartingWith("IN expects a list of values");
    }

    @Test
    void shouldRefuseDistinctWhenUsedInScalarFunction() {
        ExpressionException error = compileError("upper(DISTINCT City)");

        assertThat(error).hasMessageStartingWith("'upper(DISTINCT City)' is not supported");
    }

    @Test
    void shouldCountPositionAcrossLinesWhenTextHasSeveral() {
        String sql = "ItemQty > 1\nAND Totl = 2";

        ExpressionException error =
                org.junit.jupiter.api.Assertions.assertThrows(
                        ExpressionException.class,
                        () -> ExpressionCompiler.compile(sql, Rows.INVOICE));

        assertThat(error.position()).hasValue(17);
    }
}
