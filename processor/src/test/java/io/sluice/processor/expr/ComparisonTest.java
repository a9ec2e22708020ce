package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonTest {

    @Test
    void shouldMatchWhenStringColumnEqualsLiteral() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CustomerType = 'PRIME'", Rows.INVOICE);

        Object value = expression.evaluate(Rows.invoice());

        assertThat(value).isEqualTo(true);
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.BOOLEAN);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "CustomerType = 'PRIME'     | true",
                "CustomerType = 'prime'     | false",
                "CustomerType <> 'PRIME'    | false",
                "CustomerType != 'NONPRIME' | true",
                "City < 'Z'                 | true",
                "City <= 'Surat'            | true",
                "City > 'Surat'             | false",
                "City >= 'A'                | true",
                "ItemQty = 3                | true",
                "ItemQty <> 3               | false",
                "ItemQty < 3                | false",
                "ItemQty <= 3               | true",
                "ItemQty > 2                | true",
                "ItemQty >= 4               | false",
                "ItemQty = 3.0              | true",
                "ItemQty < 3.5              | true",
                "TotalValue > 3000          | true",
                "TotalValue = ItemPrice * ItemQty | true",
                "ItemQty = 3000000000       | false",
                "ItemQty < 3000000000       | true",
                "-0.0 = 0.0                 | true",
                "TRUE = (ItemQty = 3)       | true",
                "FALSE < TRUE               | true"
            })
    void shouldCompareWhenOperandsHaveComparableTypes(String sql, boolean expected) {
        Object value = onInvoice(sql);

        assertThat(value).isEqualTo(expected);
    }

    @Test
    void shouldCompareTimestampWithTextLiteralWhenLiteralIsADate() {
        assertThat(onInvoice("CreatedTime > '2020-07-25'")).isEqualTo(true);
        assertThat(onInvoice("CreatedTime < '2020-07-25 14:55:03.577'")).isEqualTo(true);
        assertThat(onInvoice("CreatedTime = '2020-07-25T14:55:03.576Z'")).isEqualTo(true);
        assertThat(onInvoice("CreatedTime >= '2020-07-25T20:25:03.576+05:30'")).isEqualTo(true);
    }

    @Test
    void shouldCompareTimestampWithEpochMillisWhenOtherSideIsInteger() {
        Object value = onInvoice("CreatedTime = 1595688903576");

        assertThat(value).isEqualTo(true);
    }

    @Test
    void shouldCompareDateWithTimestampWhenBothAreTimes() {
        assertThat(onOrder("day = '2020-07-25'")).isEqualTo(true);
        assertThat(onOrder("day < CAST('2020-07-25 00:00:01' AS TIMESTAMP)")).isEqualTo(true);
    }

    @Test
    void shouldCompareEnumByNameWhenOtherSideIsText() {
        assertThat(onOrder("status = 'NEW'")).isEqualTo(true);
        assertThat(onOrder("status IN ('DONE')")).isEqualTo(false);
    }

    @Test
    void shouldCompareDecimalsByValueWhenScalesDiffer() {
        assertThat(onOrder("amount = 12.5")).isEqualTo(true);
        assertThat(onOrder("amount = CAST('12.5' AS DECIMAL(4,1))")).isEqualTo(true);
        assertThat(onOrder("amount > 12")).isEqualTo(true);
    }

    @Test
    void shouldCompareRecordsForEqualityWhenSchemasMatch() {
        assertThat(onOrder("address = address")).isEqualTo(true);
    }

    @Test
    void shouldTreatNanAsGreatestWhenComparingDoubles() {
        assertThat(onInvoice("0.0 / 0.0 > TotalValue")).isEqualTo(true);
        assertThat(onInvoice("0.0 / 0.0 = 0.0 / 0.0")).isEqualTo(true);
    }
}
