package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultSchemaTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "TotalValue * 0.2                  | \"double\"",
                "ItemQty + ItemQty                 | \"int\"",
                "ItemQty + 3000000000              | \"long\"",
                "ItemQty / 2.0                     | \"double\"",
                "ItemQty > 2                       | \"boolean\"",
                "CustomerType = 'PRIME' AND ItemQty > 1 | \"boolean\"",
                "upper(City)                       | \"string\"",
                "CustomerCardNo                    | [\"null\",\"string\"]",
                "CustomerCardNo IS NULL            | \"boolean\"",
                "CreatedTime                       | {\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
                "year(CreatedTime)                 | \"int\"",
                "CAST(CreatedTime AS DATE)         | {\"type\":\"int\",\"logicalType\":\"date\"}",
                "CASE WHEN ItemQty > 1 THEN 1 ELSE 2.5 END | \"double\"",
                "CASE WHEN ItemQty > 1 THEN City END | [\"null\",\"string\"]",
                "NULL                              | \"null\"",
                "CAST(NULL AS INT)                 | [\"null\",\"int\"]"
            })
    void shouldDescribeValuesWhenExpressionIsCompiled(String sql, String expected) {
        CompiledExpression expression = ExpressionCompiler.compile(sql, Rows.INVOICE);

        Schema schema = expression.resultSchema();

        assertThat(schema.toString()).isEqualTo(expected);
    }
}
