package io.sluice.processor.operator;

import static io.sluice.processor.operator.TestRows.ORDER;
import static io.sluice.processor.operator.TestRows.order;
import static io.sluice.processor.operator.TestRows.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.RowOperator;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class WhereTest {

    private final RowOperator bigOrders =
            Operators.where(ORDER, "Total > 100", row -> (Double) row.get("Total") > 100);

    @Test
    void shouldEmitTheSameRowWhenThePredicateHolds() {
        GenericData.Record big = order("1", "c1", 150.0, List.of());

        List<GenericRecord> out = run(bigOrders, big);

        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isSameAs(big);
    }

    @Test
    void shouldEmitNothingWhenThePredicateFails() {
        GenericData.Record small = order("2", null, 50.0, List.of());

        List<GenericRecord> out = run(bigOrders, small);

        assertThat(out).isEmpty();
    }

    @Test
    void shouldKeepTheInputSchemaAndDescribeItselfWhenBuilt() {
        RowOperator where = bigOrders;

        String description = where.toString();

        assertThat(where.outputSchema()).isSameAs(ORDER);
        assertThat(description).isEqualTo("where Total > 100");
    }
}
