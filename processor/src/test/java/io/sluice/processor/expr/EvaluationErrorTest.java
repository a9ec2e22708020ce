package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EvaluationErrorTest {

    @Test
    void shouldNameExpressionAndValueWhenRecordCannotBeEvaluated() {
        CompiledExpression expression =
                ExpressionCompiler.compile("CAST(PosID AS INT) + 1", Rows.INVOICE);

        EvaluationException error =
                org.junit.jupiter.api.Assertions.assertThrows(
                        EvaluationException.class, () -> expression.evaluate(Rows.invoice()));

        assertThat(error)
                .hasMessage("cannot cast to int (value 'POS120') in \"CAST(PosID AS INT) + 1\"");
        assertThat(error.sql()).hasValue("CAST(PosID AS INT) + 1");
        assertThat(error.value()).hasValue("'POS120'");
    }

    @Test
    void shouldThrowEvaluationExceptionWhenPredicateFails() {
        RowPredicate predicate =
                ExpressionCompiler.compilePredicate("ItemQty / (ItemQty - 3) > 0", Rows.INVOICE);

        assertThatThrownBy(() -> predicate.test(Rows.invoice()))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("division by zero (value 3 / 0) in \"ItemQty / (ItemQty - 3) > 0\"");
    }

    @Test
    void shouldThrowEvaluationExceptionWhenRowHoldsWrongType() {
        GenericRecord row = Rows.invoice();
        ((GenericData.Record) row).put("ItemQty", "three");
        CompiledExpression expression = ExpressionCompiler.compile("ItemQty + 1", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(row))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining(
                        "does the row have the schema the expression was compiled for?")
                .hasMessageEndingWith("in \"ItemQty + 1\"");
    }

    @Test
    void shouldThrowEvaluationExceptionWhenRequiredFieldIsNull() {
        GenericRecord row = Rows.invoice();
        row.put("TotalValue", null);
        CompiledExpression expression = ExpressionCompiler.compile("TotalValue * 2", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(row)).isInstanceOf(EvaluationException.class);
    }

    @Test
    void shouldThrowEvaluationExceptionWhenRowIsOfSmallerSchema() {
        GenericRecord row = new GenericData.Record(Rows.ORDER);
        CompiledExpression expression = ExpressionCompiler.compile("TotalValue * 2", Rows.INVOICE);

        assertThatThrownBy(() -> expression.evaluate(row)).isInstanceOf(EvaluationException.class);
    }
}
