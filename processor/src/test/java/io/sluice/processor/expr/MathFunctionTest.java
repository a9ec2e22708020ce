package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MathFunctionTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "abs(-ItemQty)                 | 3",
                "abs(ItemQty)                  | 3",
                "abs(-TotalValue)              | 3387.0",
                "abs(-3000000000)              | 3000000000",
                "round(TotalValue / 7)         | 484.0",
                "round(TotalValue / 7, 2)      | 483.86",
                "round(2.5)                    | 3.0",
                "round(-2.5)                   | -3.0",
                "round(1.005, 2)               | 1.01",
                "round(TotalValue, -2)         | 3400.0",
                "round(ItemQty)                | 3",
                "round(1234, -2)               | 1200",
                "round(1250, -2)               | 1300",
                "floor(TotalValue / 7)         | 483",
                "floor(-2.5)                   | -3",
                "ceil(TotalValue / 7)          | 484",
                "ceiling(-2.5)                 | -2",
                "floor(ItemQty)                | 3",
                "ceil(ItemQty)                 | 3"
            })
    void shouldComputeNumberWhenMathFunctionIsApplied(String sql, String expected) {
        Object value = onInvoice(sql);

        assertThat(String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void shouldKeepIntWhenIntIsRounded() {
        CompiledExpression expression = ExpressionCompiler.compile("abs(ItemQty)", Rows.INVOICE);

        assertThat(expression.evaluate(Rows.invoice())).isEqualTo(3);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.INT);
    }

    @Test
    void shouldGiveLongWhenDoubleIsFloored() {
        CompiledExpression expression =
                ExpressionCompiler.compile("floor(TotalValue * 0.2)", Rows.INVOICE);

        assertThat(expression.evaluate(Rows.invoice())).isEqualTo(677L);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.LONG);
    }

    @Test
    void shouldKeepDecimalWhenDecimalIsRoundedOrFloored() {
        CompiledExpression rounded = ExpressionCompiler.compile("round(amount, 1)", Rows.ORDER);
        CompiledExpression floored = ExpressionCompiler.compile("floor(amount)", Rows.ORDER);

        assertThat(rounded.evaluate(Rows.order())).isEqualTo(new BigDecimal("12.5"));
        assertThat(rounded.resultSchema().getLogicalType()).isEqualTo(LogicalTypes.decimal(10, 1));
        assertThat(floored.evaluate(Rows.order())).isEqualTo(new BigDecimal("12"));
        assertThat(onOrder("ceil(amount)")).isEqualTo(new BigDecimal("13"));
        assertThat(onOrder("abs(-amount)")).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void shouldKeepFloatWhenFloatAbsIsTaken() {
        CompiledExpression expression = ExpressionCompiler.compile("abs(-weight)", Rows.ORDER);

        assertThat(expression.evaluate(Rows.order())).isEqualTo(1.5f);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.FLOAT);
    }

    @Test
    void shouldFailRecordWhenAbsOfMinimumOverflows() {
        CompiledExpression expression =
                ExpressionCompiler.compile("abs(ItemQty - 2147483647 - 4)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("int overflow (value abs(-2147483648))");
    }

    @Test
    void shouldBeCompileErrorWhenRoundDigitsAreNotLiteral() {
        assertThatThrownBy(
                        () ->
                                ExpressionCompiler.compile(
                                        "round(TotalValue, ItemQty)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith(
                        "round() expects the number of decimal places as an integer literal in"
                                + " argument 2");
    }

    @Test
    void shouldBeCompileErrorWhenMathFunctionGetsText() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("abs(City)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("abs() expects a number as argument 1, got string");
    }
}
