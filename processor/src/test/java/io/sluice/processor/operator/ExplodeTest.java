package io.sluice.processor.operator;

import static io.sluice.processor.operator.TestRows.ITEM;
import static io.sluice.processor.operator.TestRows.ORDER;
import static io.sluice.processor.operator.TestRows.item;
import static io.sluice.processor.operator.TestRows.order;
import static io.sluice.processor.operator.TestRows.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.RowOperator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ExplodeTest {

    private final RowOperator explode = Operators.explode(ORDER, "lines", "Items", "Item");

    @Test
    void shouldEmitOneRowPerElementWhenTheArrayHasElements() {
        var order = order("1", "c1", 9.0, List.of(item("a", 1), item("b", 2)));

        List<GenericRecord> out = run(explode, order);

        assertThat(out)
                .extracting(Object::toString)
                .containsExactly(
                        "{\"OrderId\": \"1\", \"CardNo\": \"c1\", \"Total\": 9.0, \"Item\":"
                                + " {\"Code\": \"a\", \"Qty\": 1}}",
                        "{\"OrderId\": \"1\", \"CardNo\": \"c1\", \"Total\": 9.0, \"Item\":"
                                + " {\"Code\": \"b\", \"Qty\": 2}}");
    }

    @Test
    void shouldEmitNothingWhenTheArrayIsNullOrEmpty() {
        var noItems = order("1", null, 0.0, List.of());
        var nullItems = order("2", null, 0.0, null);

        List<GenericRecord> out = run(explode, noItems, nullItems);

        assertThat(out).isEmpty();
    }

    @Test
    void shouldTypeTheElementColumnAsTheArrayItemsWhenBuilt() {
        var field = explode.outputSchema().getField("Item");

        assertThat(field.pos()).isEqualTo(3);
        assertThat(field.schema()).isEqualTo(ITEM);
        assertThat(explode.outputSchema().getField("Items")).isNull();
        assertThat(explode.toString()).isEqualTo("explode Items as Item");
    }

    @Test
    void shouldRejectAColumnThatIsNotAnArrayWhenBuilt() {
        assertThatThrownBy(() -> Operators.explode(ORDER, "x", "Total", "T"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'Total' is \"double\", not an array");
    }
}
