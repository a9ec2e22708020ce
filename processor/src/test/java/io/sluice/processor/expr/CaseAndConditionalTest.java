package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.eval;
import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CaseAndConditionalTest {

    @Test
    void shouldPickThenResultWhenConditionHolds() {
        String sql = "CASE WHEN CustomerType = 'PRIME' THEN TotalValue ELSE 0 END";

        Object prime = onInvoice(sql);
        Object other = onInvoice(sql.replace("'PRIME'", "'NONPRIME'"));

        assertThat(prime).isEqualTo(3387.0);
        assertThat(other).isEqualTo(0.0);
    }

    @Test
    void shouldPickFirstTrueConditionWhenSeveralHold() {
        Object value =
                onInvoice(
                        "CASE WHEN ItemQty > 5 THEN 'many' WHEN ItemQty > 1 THEN 'some'"
                                + " WHEN ItemQty > 0 THEN 'one' END");

        assertThat(value).isEqualTo("some");
    }

    @Test
    void shouldCompareSubjectWhenCaseIsSimple() {
        Object value =
                onInvoice("CASE PaymentMethod WHEN 'CASH' THEN 1 WHEN 'CARD' THEN 2 ELSE 3 END");

        assertThat(value).isEqualTo(2);
    }

    @Test
    void shouldBeNullWhenNoConditionHoldsAndThereIsNoElse() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CASE WHEN ItemQty > 5 THEN 'many' END", Rows.INVOICE);

        Object value = expression.evaluate(Rows.invoice());

        assertThat(value).isNull();
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.UNION);
    }

    @Test
    void shouldWidenResultsWhenBranchesHaveDifferentNumericTypes() {
        CompiledExpression expression =
                ExpressionCompiler.compile(
                        "CASE WHEN ItemQty > 5 THEN ItemQty ELSE 3000000000 END", Rows.INVOICE);

        Object value = expression.evaluate(Rows.invoice());

        assertThat(value).isEqualTo(3_000_000_000L);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.LONG);
    }

    @Test
    void shouldKeepEnumWhenAllBranchesAreTheSameEnum() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CASE WHEN paid THEN status END", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value.toString()).isEqualTo("NEW");
        assertThat(expression.resultSchema().getTypes().get(1).getType())
                .isEqualTo(Schema.Type.ENUM);
    }

    @Test
    void shouldBeCompileErrorWhenBranchesHaveNoCommonType() {
        assertThatThrownBy(
                        () ->
                                ExpressionCompiler.compile(
                                        "CASE WHEN ItemQty > 1 THEN 'many' ELSE 0 END",
                                        Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("CASE results have no common type: [string, int]");
    }

    @Test
    void shouldBeCompileErrorWhenConditionIsNotBoolean() {
        assertThatThrownBy(
                        () -> ExpressionCompiler.compile("CASE WHEN City THEN 1 END", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("WHEN expects a boolean, got string");
    }

    @Test
    void shouldReturnFirstNonNullWhenCoalescing() {
        assertThat(eval("COALESCE(CustomerCardNo, 'none')", Rows.invoice()))
                .isEqualTo("6847933272");
        assertThat(eval("COALESCE(CustomerCardNo, PosID, 'none')", Rows.invoiceWithoutCard()))
                .isEqualTo("POS120");
        assertThat(onOrder("coalesce(discount, 1)")).isEqualTo(1.0);
    }

    @Test
    void shouldBeNullWhenNullIfArgumentsAreEqual() {
        assertThat(onInvoice("nullif(PaymentMethod, 'CARD')")).isNull();
        assertThat(onInvoice("nullif(PaymentMethod, 'CASH')")).isEqualTo("CARD");
        assertThat(onInvoice("nullif(ItemQty, 3.0)")).isNull();
    }

    @Test
    void shouldPickExtremeWhenGreatestOrLeastIsCalled() {
        assertThat(onInvoice("greatest(ItemQty, 10, 2)")).isEqualTo(10);
        assertThat(onInvoice("least(ItemQty, 10, 2)")).isEqualTo(2);
        assertThat(onInvoice("greatest(ItemQty, TotalValue)")).isEqualTo(3387.0);
        assertThat(onInvoice("least(City, State)")).isEqualTo("Gujarat");
        assertThat(onInvoice("greatest(NULL, ItemQty)")).isEqualTo(3);
        assertThat(onOrder("greatest(amount, 3)")).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void shouldBeCompileErrorWhenCoalesceMixesTypes() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("coalesce(City, 1)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith(
                        "coalesce() needs arguments of one type, got [string, int]");
    }
}
