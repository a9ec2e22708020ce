package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeFunctionTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "date_format(CreatedTime, 'yyyy-MM-dd')            | 2020-07-25",
                "date_format(CreatedTime, 'yyyy-MM-dd HH:mm:ss.SSS') | 2020-07-25 14:55:03.576",
                "date_format(CreatedTime, 'EEE d MMM yyyy')        | Sat 25 Jul 2020",
                "DATE_FORMAT(CreatedTime, 'HH''h''mm')             | 14h55",
                "date_format('2020-01-02 03:04', 'dd/MM HH:mm')    | 02/01 03:04",
                "year(CreatedTime)                                 | 2020",
                "month(CreatedTime)                                | 7",
                "day(CreatedTime)                                  | 25",
                "dayofmonth(CreatedTime)                           | 25",
                "hour(CreatedTime)                                 | 14",
                "minute(CreatedTime)                               | 55",
                "second(CreatedTime)                               | 3",
                "EXTRACT(YEAR FROM CreatedTime)                    | 2020",
                "EXTRACT(HOUR FROM CreatedTime)                    | 14",
                "unix_millis(CreatedTime)                          | 1595688903576",
                "unix_millis(CreatedTime) - unix_millis(to_timestamp('2020-07-25')) | 53703576",
                "to_timestamp('2020-07-25 14:55:03.576')           | 1595688903576",
                "to_timestamp('2020-07-25T14:55:03.576Z')          | 1595688903576",
                "to_timestamp('2020-07-25T16:55:03.576+02:00')     | 1595688903576",
                "to_timestamp('25/07/2020 14:55', 'dd/MM/yyyy HH:mm') | 1595688900000",
                "to_timestamp('25/07/2020', 'dd/MM/yyyy')          | 1595635200000",
                "to_timestamp('2020-07-25 16:55 +0200', 'yyyy-MM-dd HH:mm Z') | 1595688900000",
                "year(to_timestamp('1969-12-31 23:59:59'))         | 1969",
                "hour(to_timestamp('1969-12-31 23:59:59'))         | 23"
            })
    void shouldComputeTimeWhenTimeFunctionIsApplied(String sql, String expected) {
        Object value = onInvoice(sql);

        assertThat(String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void shouldReadDateColumnsWhenTimeFunctionIsApplied() {
        assertThat(onOrder("date_format(day, 'yyyy/MM/dd')")).isEqualTo("2020/07/25");
        assertThat(onOrder("month(day)")).isEqualTo(7);
        assertThat(onOrder("unix_millis(day)")).isEqualTo(1595635200000L);
    }

    @Test
    void shouldReadLongAsEpochMillisWhenTimeFunctionIsApplied() {
        assertThat(onInvoice("year(unix_millis(CreatedTime))")).isEqualTo(2020);
    }

    @Test
    void shouldGiveTimestampSchemaWhenTextIsParsed() {
        CompiledExpression expression =
                ExpressionCompiler.compile("to_timestamp(InvoiceNumber, 'yyyyMMdd')", Rows.INVOICE);

        Schema schema = expression.resultSchema();

        assertThat(schema.getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
    }

    @Test
    void shouldFailRecordWhenTextDoesNotFitPattern() {
        CompiledExpression expression =
                ExpressionCompiler.compile("to_timestamp(City, 'yyyy-MM-dd')", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessage(
                        "cannot read a timestamp with pattern 'yyyy-MM-dd' (value 'Surat') in"
                                + " \"to_timestamp(City, 'yyyy-MM-dd')\"");
    }

    @Test
    void shouldFailRecordWhenTextIsNotInDefaultFormat() {
        CompiledExpression expression = ExpressionCompiler.compile("year(PinCode)", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("cannot read a timestamp with pattern 'yyyy-MM-dd[");
    }

    @Test
    void shouldBeCompileErrorWhenPatternIsInvalid() {
        assertThatThrownBy(
                        () ->
                                ExpressionCompiler.compile(
                                        "date_format(CreatedTime, 'yyyy-MM-dd{')", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("'yyyy-MM-dd{' is not a valid date-time pattern");
    }

    @Test
    void shouldBeCompileErrorWhenPatternIsNotLiteral() {
        assertThatThrownBy(
                        () ->
                                ExpressionCompiler.compile(
                                        "date_format(CreatedTime, City)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith(
                        "date_format() expects a date-time pattern such as 'yyyy-MM-dd' as a string"
                                + " literal in argument 2");
    }

    @Test
    void shouldBeCompileErrorWhenTimeFunctionGetsDouble() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("year(TotalValue)", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("year() expects a timestamp as argument 1, got double");
    }
}
