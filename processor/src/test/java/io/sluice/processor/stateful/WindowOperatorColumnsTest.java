package io.sluice.processor.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.WindowSpec;
import java.time.Duration;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * A windowed aggregation reads its group columns and its aggregates' arguments and nothing else of
 * a row: those are the columns that cross the repartition topic.
 */
class WindowOperatorColumnsTest {
    private static final Schema INVOICE =
            SchemaBuilder.record("Invoice")
                    .fields()
                    .requiredString("InvoiceNumber")
                    .requiredLong("CreatedTime")
                    .requiredString("StoreID")
                    .requiredString("City")
                    .requiredDouble("TotalValue")
                    .requiredInt("ItemQty")
                    .endRecord();

    @Test
    void shouldReadTheGroupColumnsAndTheAggregatesArgumentsOnly() {
        Map<String, String> aggregates = new LinkedHashMap<>();
        aggregates.put("Sales", "sum(TotalValue)");
        aggregates.put("Items", "sum(ItemQty * 2)");
        aggregates.put("Invoices", "count(*)");

        WindowOperator operator = operator(List.of("StoreID"), aggregates);

        assertThat(operator.columnsRead()).contains(positions("StoreID", "TotalValue", "ItemQty"));
    }

    @Test
    void shouldReadAColumnOfAGroupExpression() {
        WindowOperator operator = operator(List.of("upper(City)"), Map.of("Invoices", "count(*)"));

        assertThat(operator.columnsRead()).contains(positions("City"));
    }

    private static WindowOperator operator(List<String> groupBy, Map<String, String> aggregates) {
        List<GroupColumn> groups =
                groupBy.stream()
                        .map(sql -> new GroupColumn("g", ExpressionCompiler.compile(sql, INVOICE)))
                        .toList();
        return new WindowOperator(
                new AggregationPlan(
                        "Result",
                        new WindowSpec.Tumbling(Duration.ofMinutes(15)),
                        groups,
                        AggregateSpec.compile(new LinkedHashMap<>(aggregates), INVOICE),
                        OutputMode.APPEND));
    }

    private static BitSet positions(String... columns) {
        BitSet set = new BitSet();
        for (String column : columns) {
            set.set(INVOICE.getField(column).pos());
        }
        return set;
    }
}
