package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StringFunctionTest {

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(
            delimiterString = "=>",
            quoteCharacter = '"',
            value = {
                "upper(City)                          => SURAT",
                "UPPER(City)                          => SURAT",
                "lower(City)                          => surat",
                "trim('  a b  ')                      => a b",
                "ltrim('  a b  ')                     => \"a b  \"",
                "rtrim('  a b  ')                     => \"  a b\"",
                "TRIM(LEADING 'x' FROM 'xxaxx')       => axx",
                "TRIM(TRAILING 'x' FROM 'xxaxx')      => xxa",
                "TRIM(BOTH 'xy' FROM 'xyaxy')         => a",
                "TRIM('x' FROM 'xxaxx')               => a",
                "length(City)                         => 5",
                "length('')                           => 0",
                "length('😀a')                        => 2",
                "substring(City, 2, 3)                => ura",
                "substr(City, 2)                      => urat",
                "substring(City, 0, 2)                => Su",
                "substring(City, -3)                  => rat",
                "substring(City, -3, 2)               => ra",
                "substring(City, 4, 10)               => at",
                "substring(City, 9, 2)                => \"\"",
                "substring(City, 2, -1)               => \"\"",
                "substring('😀ab', 2, 1)              => a",
                "concat(City, ', ', State)            => Surat, Gujarat",
                "concat(City, '-', ItemQty)           => Surat-3",
                "City || '/' || PinCode               => Surat/395003",
                "'n=' || TotalValue                   => n=3387.0",
                "replace(DeliveryType, '-', ' ')      => HOME DELIVERY",
                "replace(DeliveryType, '-')           => HOMEDELIVERY",
                "replace(City, '', 'x')               => Surat",
                "upper(substring(ItemDescription, 1, 6)) => CLOSET"
            })
    void shouldComputeTextWhenStringFunctionIsApplied(String sql, String expected) {
        Object value = onInvoice(sql);

        assertThat(String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void shouldGiveStringSchemaWhenStringFunctionIsApplied() {
        CompiledExpression expression = ExpressionCompiler.compile("upper(City)", Rows.INVOICE);

        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldGiveIntWhenLengthIsApplied() {
        CompiledExpression expression = ExpressionCompiler.compile("length(City)", Rows.INVOICE);

        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.INT);
    }

    @Test
    void shouldReadEnumAsTextWhenStringFunctionIsApplied() {
        assertThat(onOrder("lower(status)")).isEqualTo("new");
        assertThat(onOrder("status || '!'")).isEqualTo("NEW!");
    }

    @Test
    void shouldBeCompileErrorWhenStringFunctionGetsNumber() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("upper(ItemQty)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(
                        "upper() expects a string as argument 1, got int at position 1 in"
                                + " \"upper(ItemQty)\"");
    }

    @Test
    void shouldBeCompileErrorWhenArgumentCountIsWrong() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("substring(City)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("substring() takes 2 to 3 arguments, got 1");
    }

    @Test
    void shouldBeCompileErrorWhenRecordIsConcatenated() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("'a' || address", Rows.ORDER))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot concatenate record Address values");
    }
}
