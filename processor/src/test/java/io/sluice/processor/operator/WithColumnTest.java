package io.sluice.processor.operator;

import static io.sluice.processor.operator.TestRows.ORDER;
import static io.sluice.processor.operator.TestRows.order;
import static io.sluice.processor.operator.TestRows.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.RowOperator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class WithColumnTest {

    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    @Test
    void shouldAddTheColumnLastWhenItIsNew() {
        RowOperator tax =
                Operators.withColumn(
                        ORDER,
                        "taxed",
                        "Tax",
                        FakeExpression.of(
                                "Total * 0.1", DOUBLE, row -> (Double) row.get("Total") * 0.1));

        List<GenericRecord> out = run(tax, order("1", "c1", 20.0, List.of()));

        assertThat(tax.outputSchema().getName()).isEqualTo("taxed");
        assertThat(tax.outputSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("OrderId", "CardNo", "Total", "Items", "Tax");
        assertThat(out.get(0).toString())
                .isEqualTo(
                        "{\"OrderId\": \"1\", \"CardNo\": \"c1\", \"Total\": 20.0, \"Items\": [],"
                                + " \"Tax\": 2.0}");
    }

    @Test
    void shouldReplaceTheColumnInPlaceWhenItExists() {
        RowOperator upper =
                Operators.withColumn(
                        ORDER,
                        "upper",
                        "CardNo",
                        FakeExpression.of("upper(CardNo)", STRING, row -> "C1"));

        List<GenericRecord> out = run(upper, order("1", "c1", 20.0, null));

        assertThat(upper.outputSchema().getFields())
                .extracting(f -> f.name() + ":" + f.schema().getType())
                .containsExactly("OrderId:STRING", "CardNo:STRING", "Total:DOUBLE", "Items:UNION");
        assertThat(out.get(0).get("CardNo")).isEqualTo("C1");
        assertThat(out.get(0).get("OrderId")).isEqualTo("1");
        assertThat(upper.toString()).isEqualTo("withColumn CardNo = upper(CardNo)");
    }
}
