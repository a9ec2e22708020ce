package io.sluice.processor.operator;

import static io.sluice.processor.operator.TestRows.ORDER;
import static io.sluice.processor.operator.TestRows.order;
import static io.sluice.processor.operator.TestRows.record;
import static io.sluice.processor.operator.TestRows.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.RowOperator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SelectTest {

    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);

    private final RowOperator select =
            Operators.select(
                    "loyalty",
                    List.of(
                            new Operators.Column("CardNo", FakeExpression.column(ORDER, "CardNo")),
                            new Operators.Column(
                                    "Points",
                                    FakeExpression.of(
                                            "Total * 0.5",
                                            DOUBLE,
                                            row -> (Double) row.get("Total") * 0.5))));

    @Test
    void shouldNameAndTypeTheOutputFieldsWhenBuilt() {
        Schema expected =
                SchemaBuilder.record("loyalty")
                        .fields()
                        .optionalString("CardNo")
                        .requiredDouble("Points")
                        .endRecord();

        Schema output = select.outputSchema();

        assertThat(output).isEqualTo(expected);
    }

    @Test
    void shouldEmitOneNewRowPerInputRowWhenProcessing() {
        Schema output = select.outputSchema();

        var out = run(select, order("1", "c1", 10.0, List.of()), order("2", null, 3.0, null));

        assertThat(out).containsExactly(record(output, "c1", 5.0), record(output, null, 1.5));
    }

    @Test
    void shouldListNameAndExpressionWhenDescribed() {
        String description = select.toString();

        assertThat(description).isEqualTo("select CardNo, Points = Total * 0.5");
    }

    @Test
    void shouldRejectNoColumnsWhenBuilt() {
        assertThatThrownBy(() -> Operators.select("empty", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a select needs at least one column");
    }
}
