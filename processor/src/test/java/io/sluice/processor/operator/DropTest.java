package io.sluice.processor.operator;

import static io.sluice.processor.operator.TestRows.ORDER;
import static io.sluice.processor.operator.TestRows.order;
import static io.sluice.processor.operator.TestRows.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.RowOperator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class DropTest {

    @Test
    void shouldCopyTheOtherColumnsWhenDroppingSome() {
        RowOperator drop = Operators.drop(ORDER, "slim", List.of("Items", "CardNo"));

        List<GenericRecord> out = run(drop, order("7", "c7", 1.5, List.of()));

        assertThat(out.get(0).toString()).isEqualTo("{\"OrderId\": \"7\", \"Total\": 1.5}");
        assertThat(drop.toString()).isEqualTo("drop Items, CardNo");
    }

    @Test
    void shouldRejectAnUnknownColumnWhenBuilt() {
        assertThatThrownBy(() -> Operators.drop(ORDER, "slim", List.of("Totl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "no column 'Totl' in Order; columns are: OrderId, CardNo, Total, Items");
    }

    @Test
    void shouldRejectDroppingEveryColumnWhenBuilt() {
        assertThatThrownBy(
                        () ->
                                Operators.drop(
                                        ORDER,
                                        "none",
                                        List.of("OrderId", "CardNo", "Total", "Items")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a drop cannot remove every column");
    }
}
