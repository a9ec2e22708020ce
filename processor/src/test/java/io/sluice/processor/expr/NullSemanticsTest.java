package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.eval;
import static io.sluice.processor.expr.Rows.onInvoice;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NullSemanticsTest {

    @Test
    void shouldBeNullWhenNullIsComparedWithNull() {
        CompiledExpression expression = ExpressionCompiler.compile("NULL = NULL", Rows.INVOICE);

        Object value = expression.evaluate(Rows.invoice());

        assertThat(value).isNull();
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.UNION);
    }

    @Test
    void shouldFilterOutRowWhenConditionIsNull() {
        RowPredicate predicate = ExpressionCompiler.compilePredicate("NULL = NULL", Rows.INVOICE);

        boolean passes = predicate.test(Rows.invoice());

        assertThat(passes).isFalse();
    }

    @Test
    void shouldFilterOutRowWhenNullableColumnIsNullInComparison() {
        RowPredicate predicate =
                ExpressionCompiler.compilePredicate("CustomerCardNo <> 'x'", Rows.INVOICE);

        assertThat(predicate.test(Rows.invoiceWithoutCard())).isFalse();
        assertThat(predicate.test(Rows.invoice())).isTrue();
    }

    @Test
    void shouldFilterOutRowWhenNegatedConditionIsNull() {
        RowPredicate predicate =
                ExpressionCompiler.compilePredicate("NOT (CustomerCardNo = 'x')", Rows.INVOICE);

        boolean passes = predicate.test(Rows.invoiceWithoutCard());

        assertThat(passes).isFalse();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "NULL OR TRUE    | true",
                "TRUE OR NULL    | true",
                "NULL OR FALSE   | null",
                "NULL AND FALSE  | false",
                "FALSE AND NULL  | false",
                "NULL AND TRUE   | null",
                "NOT NULL        | null",
                "NULL IS NULL    | true",
                "NULL IS NOT NULL | false",
                "(NULL = 1) IS NOT TRUE | true",
                "(NULL = 1) IS FALSE | false",
                "1 + NULL        | null",
                "NULL || 'a'     | null",
                "upper(NULL)     | null",
                "NULL LIKE 'a%'  | null",
                "NULL IN (1, 2)  | null",
                "1 IN (2, NULL)  | null",
                "1 IN (1, NULL)  | true",
                "1 NOT IN (2, NULL) | null",
                "NULL BETWEEN 1 AND 2 | null",
                "CASE WHEN NULL THEN 1 ELSE 2 END | 2",
                "CASE WHEN FALSE THEN 1 END | null",
                "COALESCE(NULL, NULL) | null",
                "COALESCE(NULL, 'x') | x"
            })
    void shouldFollowThreeValuedLogicWhenOperandIsNull(String sql, String expected) {
        Object value = onInvoice(sql);

        assertThat(value == null ? null : value.toString()).isEqualTo(expected);
    }

    @Test
    void shouldBeNullWhenNullableColumnIsNullInArithmetic() {
        Object value = eval("length(CustomerCardNo) + 1", Rows.invoiceWithoutCard());

        assertThat(value).isNull();
    }

    @Test
    void shouldBeNullableSchemaWhenExpressionReadsNullableColumn() {
        CompiledExpression expression =
                ExpressionCompiler.compile("upper(CustomerCardNo)", Rows.INVOICE);

        Schema schema = expression.resultSchema();

        assertThat(schema.getType()).isEqualTo(Schema.Type.UNION);
        assertThat(schema.getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(schema.getTypes().get(1).getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldBeNonNullSchemaWhenCoalesceEndsWithNonNullValue() {
        CompiledExpression expression =
                ExpressionCompiler.compile("COALESCE(CustomerCardNo, 'none')", Rows.INVOICE);

        Object value = expression.evaluate(Rows.invoiceWithoutCard());

        assertThat(value).isEqualTo("none");
        assertThat(expression.resultSchema().getType()).isEqualTo(Schema.Type.STRING);
    }

    @Test
    void shouldNotEvaluateRightSideWhenAndIsDecidedByLeft() {
        RowPredicate predicate =
                ExpressionCompiler.compilePredicate(
                        "ItemQty <> 3 AND 10 / (ItemQty - 3) > 1", Rows.INVOICE);

        boolean passes = predicate.test(Rows.invoice());

        assertThat(passes).isFalse();
    }

    @Test
    void shouldNotEvaluateRightSideWhenOrIsDecidedByLeft() {
        RowPredicate predicate =
                ExpressionCompiler.compilePredicate(
                        "ItemQty = 3 OR 10 / (ItemQty - 3) > 1", Rows.INVOICE);

        boolean passes = predicate.test(Rows.invoice());

        assertThat(passes).isTrue();
    }
}
