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

class CastTest {

    @Test
    void shouldGiveDoubleWhenIntIsCastToDouble() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(ItemQty AS DOUBLE)", Rows.INVOICE);

        Object value = expression.evaluate(Rows.invoice());

        assertThat(value).isEqualTo(3.0);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.DOUBLE);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CAST(ItemQty AS STRING)               | 3",
                "CAST(ItemQty AS VARCHAR)              | 3",
                "CAST(ItemQty AS VARCHAR(10))          | 3",
                "CAST(TotalValue AS STRING)            | 3387.0",
                "CAST(TotalValue AS INT)               | 3387",
                "CAST(TotalValue / 1000 AS INTEGER)    | 3",
                "CAST(-TotalValue / 1000 AS BIGINT)    | -3",
                "CAST(ItemQty AS LONG)                 | 3",
                "CAST(ItemQty AS FLOAT)                | 3.0",
                "CAST(PinCode AS INT)                  | 395003",
                "CAST(' 42 ' AS INT)                   | 42",
                "CAST('4.9' AS INT)                    | 4",
                "CAST('1e3' AS DOUBLE)                 | 1000.0",
                "CAST('2.5' AS DECIMAL(4,2))           | 2.50",
                "CAST(TotalValue AS DECIMAL(10,2))     | 3387.00",
                "CAST(1.005 AS DECIMAL(5,2))           | 1.01",
                "CAST(ItemQty AS DECIMAL)              | 3",
                "CAST('true' AS BOOLEAN)               | true",
                "CAST('no' AS BOOLEAN)                 | false",
                "CAST(0 AS BOOLEAN)                    | false",
                "CAST(ItemQty AS BOOLEAN)              | true",
                "CAST(TRUE AS INT)                     | 1",
                "CAST(CreatedTime AS STRING)           | 2020-07-25 14:55:03.576",
                "CAST(CreatedTime AS LONG)             | 1595688903576",
                "CAST(CreatedTime AS DATE)             | 18468",
                "CAST(CAST(CreatedTime AS DATE) AS STRING) | 2020-07-25",
                "CAST('2020-07-25' AS TIMESTAMP)       | 1595635200000",
                "CAST('2020-07-25 14:55:03' AS TIMESTAMP) | 1595688903000",
                "TIMESTAMP '2020-07-25 14:55:03.576'   | 1595688903576",
                "DATE '2020-07-25'                     | 18468",
                "CAST(1595688903576 AS TIMESTAMP)      | 1595688903576",
                "ItemQty::DOUBLE                       | 3.0"
            })
    void shouldConvertValueWhenCastToAnotherType(String sql, String expected) {
        Object value = onInvoice(sql);

        assertThat(String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void shouldGiveDecimalSchemaWhenCastToDecimal() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(TotalValue AS DECIMAL(12,3))", Rows.INVOICE);

        Schema schema = expression.resultSchema();

        assertThat(expression.evaluate(Rows.invoice())).isEqualTo(new BigDecimal("3387.000"));
        assertThat(schema.getLogicalType()).isEqualTo(LogicalTypes.decimal(12, 3));
    }

    @Test
    void shouldGiveTimestampSchemaWhenCastToTimestamp() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST('2020-01-01' AS TIMESTAMP)", Rows.INVOICE);

        Schema schema = expression.resultSchema();

        assertThat(schema.getType()).isEqualTo(Schema.Type.LONG);
        assertThat(schema.getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
    }

    @Test
    void shouldConvertEnumAndBytesAndRecordsWhenCastToString() {
        assertThat(onOrder("CAST(status AS STRING)")).isEqualTo("NEW");
        assertThat(onOrder("CAST(amount AS STRING)")).isEqualTo("12.50");
        assertThat(onOrder("CAST(day AS STRING)")).isEqualTo("2020-07-25");
        assertThat(onOrder("CAST(tags AS STRING)")).isEqualTo("[\"gift\", \"express\"]");
    }

    @Test
    void shouldFailRecordWhenTextIsNotANumber() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(City AS INT)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOfSatisfying(
                        EvaluationException.class,
                        e -> {
                            assertThat(e.value()).contains("'Surat'");
                            assertThat(e.sql()).contains("CAST(City AS INT)");
                        })
                .hasMessage("cannot cast to int (value 'Surat') in \"CAST(City AS INT)\"");
    }

    @Test
    void shouldFailRecordWhenValueDoesNotFitInt() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(TotalValue * 1e9 AS INT)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("value out of range for int");
    }

    @Test
    void shouldFailRecordWhenValueDoesNotFitDecimal() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(TotalValue AS DECIMAL(4,2))", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("value does not fit decimal(4,2) (value 3387.0)");
    }

    @Test
    void shouldFailRecordWhenTextIsNotATimestamp() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(City AS TIMESTAMP)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("cannot read a timestamp with pattern");
    }

    @Test
    void shouldFailRecordWhenTextIsNotABoolean() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(City AS BOOLEAN)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("cannot cast to boolean (value 'Surat')");
    }

    @Test
    void shouldBeCompileErrorWhenConstantCannotBeCast() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("CAST('abc' AS INT)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("cannot cast to int (value 'abc')");
    }

    @Test
    void shouldBeCompileErrorWhenCastHasNoConversion() {
        assertThatThrownBy(
                        () -> ExpressionCompiler.compile("CAST(TRUE AS TIMESTAMP)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot cast boolean to timestamp");
    }

    @Test
    void shouldBeCompileErrorWhenTypeIsUnknown() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("CAST(ItemQty AS MONEY)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("unknown type 'MONEY' in CAST")
                .hasMessageContaining("types are: INT, INTEGER");
    }

    @Test
    void shouldBeCompileErrorWhenDecimalPrecisionIsTooLarge() {
        assertThatThrownBy(
                        () ->
                                ExpressionCompiler.compile(
                                        "CAST(ItemQty AS DECIMAL(40,2))", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("DECIMAL[40, 2] is not a valid decimal type");
    }
}
