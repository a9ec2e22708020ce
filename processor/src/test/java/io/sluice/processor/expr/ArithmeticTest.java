package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArithmeticTest {

    @Test
    void shouldMultiplyDoubleColumnWhenScaledByLiteral() {
        String sql = "TotalValue * 0.2";

        CompiledExpression expression = ExpressionCompiler.compile(sql, Rows.INVOICE);

        assertThat(expression.evaluate(Rows.invoice())).isEqualTo(3387.0 * 0.2);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.DOUBLE);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ItemQty + 2       | 5",
                "ItemQty - 5       | -2",
                "ItemQty * 4       | 12",
                "ItemQty / 2       | 1",
                "-7 / 2            | -3",
                "ItemQty % 2       | 1",
                "-7 % 3            | -1",
                "2 + 3 * 4         | 14",
                "(2 + 3) * 4       | 20",
                "10 - 4 - 3        | 3"
            })
    void shouldComputeIntWhenBothOperandsAreInt(String sql, int expected) {
        Object value = onInvoice(sql);

        assertThat(value).isEqualTo(expected);
    }

    @Test
    void shouldPromoteToLongWhenOneOperandIsLong() {
        CompiledExpression expression = ExpressionCompiler.compile("units + `from`", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value).isEqualTo(5_000_000_007L);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.LONG);
    }

    @Test
    void shouldTypeLiteralAsLongWhenItExceedsInt() {
        Object value = onInvoice("ItemQty + 3000000000");

        assertThat(value).isEqualTo(3_000_000_003L);
    }

    @Test
    void shouldPromoteToDoubleWhenOneOperandIsDouble() {
        Object value = onInvoice("ItemQty * ItemPrice");

        assertThat(value).isEqualTo(3387.0);
    }

    @Test
    void shouldComputeInDoubleWhenOperandIsFloat() {
        CompiledExpression expression = ExpressionCompiler.compile("weight * 2", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value).isEqualTo(3.0);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.DOUBLE);
    }

    @Test
    void shouldFollowIeeeWhenDoubleIsDividedByZero() {
        Object positive = onInvoice("TotalValue / 0.0");
        Object undefined = onInvoice("0.0 / ItemPrice * 0 / 0.0");

        assertThat(positive).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(undefined).isEqualTo(Double.NaN);
    }

    @Test
    void shouldNegateWhenUnaryMinusIsApplied() {
        assertThat(onInvoice("-ItemQty")).isEqualTo(-3);
        assertThat(onInvoice("-TotalValue")).isEqualTo(-3387.0);
        assertThat(onInvoice("-(-ItemQty)")).isEqualTo(3);
        assertThat(onInvoice("+ItemQty")).isEqualTo(3);
        assertThat(onOrder("-amount")).isEqualTo(new BigDecimal("-12.50"));
    }

    @Test
    void shouldKeepDecimalScaleWhenDecimalIsAddedToInt() {
        CompiledExpression expression = ExpressionCompiler.compile("amount + 1", Rows.ORDER);

        Object value = expression.evaluate(Rows.order());

        assertThat(value).isEqualTo(new BigDecimal("13.50"));
        assertThat(expression.resultSchema().getLogicalType().getName()).isEqualTo("decimal");
        assertThat(expression.resultSchema().getObjectProp("scale")).isEqualTo(2);
    }

    @Test
    void shouldAddScalesWhenDecimalsAreMultiplied() {
        Object value = onOrder("amount * CAST('0.5' AS DECIMAL(3,1))");

        assertThat(value).isEqualTo(new BigDecimal("6.250"));
    }

    @Test
    void shouldWidenScaleWhenDecimalIsDivided() {
        Object value = onOrder("amount / 3");

        assertThat(value).isEqualTo(new BigDecimal("4.1666666666667"));
    }

    @Test
    void shouldComputeInDoubleWhenDecimalMeetsDouble() {
        Object value = onOrder("amount * 2.0");

        assertThat(value).isEqualTo(25.0);
    }

    @Test
    void shouldFailRecordWhenIntegerIsDividedByZero() {
        CompiledExpression expression =
                ExpressionCompiler.compile("TotalValue + ItemQty / (ItemQty - 3)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessage(
                        "division by zero (value 3 / 0) in \"TotalValue + ItemQty / (ItemQty - 3)\"");
    }

    @Test
    void shouldFailRecordWhenRemainderIsTakenByZero() {
        CompiledExpression expression =
                ExpressionCompiler.compile("ItemQty % (ItemQty - 3)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("division by zero");
    }

    @Test
    void shouldFailRecordWhenDecimalIsDividedByZero() {
        CompiledExpression expression =
                ExpressionCompiler.compile("amount / (`from` - 7)", Rows.ORDER);

        assertThatThrownBy(() -> expression.evaluate(Rows.order()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("division by zero");
    }

    @Test
    void shouldFailRecordWhenIntOverflows() {
        CompiledExpression expression =
                ExpressionCompiler.compile("ItemQty * 1000000000", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("int overflow (value 3 * 1000000000) in \"ItemQty * 1000000000\"");
    }

    @Test
    void shouldFailRecordWhenLongOverflows() {
        CompiledExpression expression = ExpressionCompiler.compile("units * units", Rows.ORDER);

        assertThatThrownBy(() -> expression.evaluate(Rows.order()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("long overflow");
    }

    @Test
    void shouldBeCompileErrorWhenConstantDivisionByZero() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("ItemQty + 1 / 0", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("cannot compute 1 / 0: division by zero");
    }

    @Test
    void shouldComputeConstantOnceWhenAllOperandsAreLiterals() {
        CompiledExpression expression = ExpressionCompiler.compile("2 * 3 + 1", Rows.INVOICE);

        Object value = expression.evaluate(null);

        assertThat(value).isEqualTo(7);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.INT);
    }
}
