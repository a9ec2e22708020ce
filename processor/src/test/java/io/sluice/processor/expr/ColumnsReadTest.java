package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** A compiled expression knows which top-level columns of its input it reads. */
class ColumnsReadTest {
    private static final Schema ADDRESS =
            SchemaBuilder.record("Address").fields().requiredString("City").endRecord();
    private static final Schema ROW =
            SchemaBuilder.record("Row")
                    .fields()
                    .requiredString("Name")
                    .requiredLong("Qty")
                    .requiredDouble("Price")
                    .name("Address")
                    .type(ADDRESS)
                    .noDefault()
                    .requiredString("Unused")
                    .endRecord();

    @Test
    void shouldReadTheColumnsItNames() {
        assertThat(read("Qty * Price")).isEqualTo(positions("Qty", "Price"));
        assertThat(read("CASE WHEN Qty > 1 THEN upper(Name) ELSE 'one' END"))
                .isEqualTo(positions("Qty", "Name"));
    }

    @Test
    void shouldCountANestedFieldAsItsOutermostColumn() {
        assertThat(read("Address.City")).isEqualTo(positions("Address"));
    }

    @Test
    void shouldReadNoColumnForAConstant() {
        assertThat(read("1 + 2")).isEqualTo(new BitSet());
    }

    private static BitSet read(String sql) {
        return ExpressionCompiler.compile(sql, ROW).columnsRead();
    }

    private static BitSet positions(String... columns) {
        BitSet set = new BitSet();
        for (String column : columns) {
            set.set(ROW.getField(column).pos());
        }
        return set;
    }
}
